import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import { messagesWithPeople } from '../messages/message.repository.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Messages not yet screened, oldest first (or those of `ids` among them), at most `limit`, with their
 * pair, people and what sender authentication stored with the archive.
 */
export function unscreenedMessages(db: Kysely<Database>, limit: number, ids?: number[]) {
  let query = messagesWithPeople(db)
    .innerJoin('message_archive as a', 'a.id', 'm.archive_id')
    .select(['m.id', 'm.archive_id', 'm.size', 'm.subject', 'm.status', 'm.direction', 'm.sender_id', 'm.recipient_id', 'p.trusted', 'a.sender_auth'])
    .where('m.screened_at', 'is', null);
  if (ids) query = query.where('m.id', 'in', ids.length > 0 ? ids : [0]);
  return query.orderBy('m.id').limit(limit).execute();
}

/** Every address of these people. */
export function emailsOfPeople(db: Kysely<Database>, personIds: number[]) {
  return db.selectFrom('person_emails').select(['person_id', 'address']).where('person_id', 'in', personIds).execute();
}

/** Marks these messages screened with no flags, where nobody screened them first; the ids it marked. */
export async function markScreenedUnflagged(db: Db, ids: number[], at: number): Promise<number[]> {
  const rows = await db.updateTable('messages').set({ flags: '[]', screened_at: at }).where('id', 'in', ids).where('screened_at', 'is', null).returning('id').execute();
  return rows.map((row) => row.id);
}

/** Stores a message's flags (JSON) and marks it screened, unless it was screened first; true when it stored them. */
export async function storeFlags(db: Db, id: number, flags: string, at: number): Promise<boolean> {
  const row = await db.updateTable('messages').set({ flags, screened_at: at }).where('id', '=', id).where('screened_at', 'is', null).returning('id').executeTakeFirst();
  return row !== undefined;
}

/** Queues an alert about a message to one safeguarding contact. */
export async function queueAlert(db: Db, messageId: number, to: string, at: number): Promise<void> {
  await db.insertInto('outbox').values({ message_id: messageId, kind: 'alert', notice_to: to, next_attempt_at: at, created_at: at }).execute();
}

/** The day (YYYY-MM-DD) the daily digest was last queued, if ever. */
export async function lastDigestDay(db: Db): Promise<string | undefined> {
  const last = await db.selectFrom('settings').select('value').where('key', '=', 'digest_last_day').executeTakeFirst();
  return last?.value;
}

/** Records the day the daily digest was queued. */
export async function setLastDigestDay(db: Db, day: string): Promise<void> {
  await db.insertInto('settings').values({ key: 'digest_last_day', value: day }).onConflict((oc) => oc.column('key').doUpdateSet({ value: day })).execute();
}

/** Whether any flagged message still waits for a decision. */
export async function flaggedWaiting(db: Db): Promise<boolean> {
  const waiting = await db.selectFrom('messages').select('id').where('status', '=', 'held').where('flags', '!=', '[]').limit(1).executeTakeFirst();
  return waiting !== undefined;
}

/** Queues the daily digest to one safeguarding contact. */
export async function queueDigest(db: Db, to: string, at: number): Promise<void> {
  await db.insertInto('outbox').values({ kind: 'digest', message_id: null, notice_to: to, next_attempt_at: at, created_at: at }).execute();
}
