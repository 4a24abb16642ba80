import type { Kysely, Transaction, Updateable } from 'kysely';
import type { Database } from '../db/database.js';
import type { MessageTable } from '../messages/message.table.js';

type Db = Kysely<Database> | Transaction<Database>;

/** What deciding a message needs to know: its status, who decided it, whether screening read it, its pair's status. */
export const findForDecision = (db: Db, id: number) =>
  db
    .selectFrom('messages as m')
    .innerJoin('pairs as p', 'p.id', 'm.pair_id')
    .select(['m.id', 'm.status', 'm.decided_by', 'm.decided_at', 'm.sender_address', 'm.screened_at', 'p.status as pair_status'])
    .where('m.id', '=', id)
    .executeTakeFirst();

/** Where the original of a message to be edited is archived (read before the decision's transaction). */
export const findForEditing = (db: Db, id: number) => db.selectFrom('messages').select(['archive_id', 'status']).where('id', '=', id).executeTakeFirst();

/** Forward the edited copy archived as `archiveId` instead of the original. */
export const setForwardArchive = (db: Db, id: number, archiveId: number) =>
  db.updateTable('messages').set({ forward_archive_id: archiveId }).where('id', '=', id).execute();

/** A decision's change to a message: the new status, who and when, and the note (approval) or reason (rejection). */
export type DecisionChange = Pick<Updateable<MessageTable>, 'status' | 'decided_by' | 'decided_at' | 'note' | 'reason'>;

/**
 * Records a decision on a message that is still held; false when it is not held any more: the
 * status guard in WHERE makes a concurrent second decision update nothing.
 */
export async function markDecided(db: Db, id: number, change: DecisionChange): Promise<boolean> {
  const updated = await db.updateTable('messages').set(change).where('id', '=', id).where('status', '=', 'held').executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Queues an approved message's forward to the other side, due at once. */
export const queueForward = (db: Db, messageId: number, at: number) =>
  db.insertInto('outbox').values({ message_id: messageId, kind: 'forward', next_attempt_at: at, created_at: at }).execute();

/** Queues the notice telling the sender (`to`) that their message was rejected, due at once. */
export const queueNotice = (db: Db, messageId: number, to: string, at: number) =>
  db.insertInto('outbox').values({ message_id: messageId, kind: 'notice', notice_to: to, next_attempt_at: at, created_at: at }).execute();
