import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';

/** What deciding a message needs to know: its status, who decided it, whether screening read it, its pair's status. */
export const findForDecision = (db: Kysely<Database> | Transaction<Database>, id: number) =>
  db
    .selectFrom('messages as m')
    .innerJoin('pairs as p', 'p.id', 'm.pair_id')
    .select(['m.id', 'm.status', 'm.decided_by', 'm.decided_at', 'm.sender_address', 'm.screened_at', 'p.status as pair_status'])
    .where('m.id', '=', id)
    .executeTakeFirst();
