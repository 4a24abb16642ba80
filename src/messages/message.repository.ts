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

/**
 * The held message after `id` in the queue's order (oldest first), wrapping round to the oldest
 * held one before it when none is after: walking "next" from any message visits the whole queue.
 */
export async function nextHeldId(db: Kysely<Database>, id: number): Promise<number | null> {
  const held = db.selectFrom('messages').select('id').where('status', '=', 'held').orderBy('id').limit(1);
  const after = await held.where('id', '>', id).executeTakeFirst();
  return (after ?? (await held.where('id', '<', id).executeTakeFirst()))?.id ?? null;
}
