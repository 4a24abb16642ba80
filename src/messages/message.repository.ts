import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

/**
 * Messages (`m`) with their pair (`p`), sender (`s`) and recipient (`r`), selecting the pair's alias
 * and both names: what every reader of a message needs; callers add their own columns and filters.
 */
export const messagesWithPeople = (db: Kysely<Database>) =>
  db
    .selectFrom('messages as m')
    .innerJoin('pairs as p', 'p.id', 'm.pair_id')
    .innerJoin('people as s', 's.id', 'm.sender_id')
    .innerJoin('people as r', 'r.id', 'm.recipient_id')
    .select(['p.alias', 's.name as sender_name', 'r.name as recipient_name']);
