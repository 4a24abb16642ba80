import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import { primaryEmail } from '../program/program.repository.js';
import type { MessageStatus } from './message.table.js';

type Db = Kysely<Database> | Transaction<Database>;

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

/** Every column of the message, its people's names and the recipient's primary address: what staff read. */
const messagesForStaff = (db: Db) => messagesWithPeople(db).selectAll('m').select(primaryEmail('m.recipient_id').as('recipient_address'));

export type MessageForStaff = NonNullable<Awaited<ReturnType<typeof findMessage>>>;

/** Which messages a staff list shows; all given conditions hold at once. */
export interface MessageQuery {
  status?: MessageStatus;
  pairId?: number;
  /** Only messages with a flag of this type. */
  flag?: string;
  /** Only messages with a flag of this severity. */
  severity?: string;
  /** Only messages after this id (the page before ended there). */
  afterId?: number;
}

/** Messages oldest first (the review queue's order), at most `limit`. */
export function listMessages(db: Db, query: MessageQuery, limit: number) {
  let q = messagesForStaff(db).orderBy('m.id').limit(limit);
  if (query.status) q = q.where('m.status', '=', query.status);
  if (query.pairId !== undefined) q = q.where('m.pair_id', '=', query.pairId);
  // Flags are a JSON array of {type, ...}; matching the serialized pair keeps this portable SQL.
  if (query.flag) q = q.where('m.flags', 'like', `%"type":${JSON.stringify(query.flag)}%`);
  if (query.severity) q = q.where('m.flags', 'like', `%"severity":${JSON.stringify(query.severity)}%`);
  if (query.afterId !== undefined) q = q.where('m.id', '>', query.afterId);
  return q.execute();
}

export const findMessage = (db: Db, id: number) => messagesForStaff(db).where('m.id', '=', id).executeTakeFirst();

/** What the archive recorded beside the bytes: their hash, the SMTP envelope, the sender check's result. */
export const findArchiveEnvelope = (db: Db, archiveId: number) =>
  db.selectFrom('message_archive').select(['sha256', 'envelope_from', 'remote_address', 'helo', 'sender_auth']).where('id', '=', archiveId).executeTakeFirstOrThrow();

/** The message's audit trail, in the order it happened. */
export const listEvents = (db: Db, messageId: number) => db.selectFrom('message_events').selectAll().where('message_id', '=', messageId).orderBy('id').execute();

/** Where a message's original bytes are archived; undefined when there is no message `id`. */
export const findArchiveId = (db: Db, id: number) => db.selectFrom('messages').select('archive_id').where('id', '=', id).executeTakeFirst();

/** How many messages are held, and the oldest one's `received_at` (null when none is). */
export const heldCount = (db: Db) =>
  db
    .selectFrom('messages')
    .select((eb) => [eb.fn.countAll<number>().as('waiting'), eb.fn.min('received_at').as('oldest')])
    .where('status', '=', 'held')
    .executeTakeFirstOrThrow();

/** The decisions and edits recorded under `actor`'s name, newest first, with their message's subject and status. */
export const listDecisionsBy = (db: Db, actor: string, limit: number) =>
  db
    .selectFrom('message_events as e')
    .innerJoin('messages as m', 'm.id', 'e.message_id')
    .select(['e.message_id', 'e.type', 'e.at', 'e.detail', 'm.subject', 'm.status'])
    .where('e.actor', '=', actor)
    .where('e.type', 'in', ['approved', 'rejected', 'edited'])
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();

/** Everyone who has approved or rejected a message, by name. */
export const listDeciders = (db: Db) => db.selectFrom('message_events').select('actor').distinct().where('type', 'in', ['approved', 'rejected']).orderBy('actor').execute();

/**
 * The held message after `id` in the queue's order (oldest first), wrapping round to the oldest
 * held one before it when none is after: walking "next" from any message visits the whole queue.
 */
export async function nextHeldId(db: Kysely<Database>, id: number): Promise<number | null> {
  const held = db.selectFrom('messages').select('id').where('status', '=', 'held').orderBy('id').limit(1);
  const after = await held.where('id', '>', id).executeTakeFirst();
  return (after ?? (await held.where('id', '<', id).executeTakeFirst()))?.id ?? null;
}
