import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { EventType } from './message.table.js';

type Delivery = { attempt: number; to?: string | null; response?: string; error?: string };

/** What each kind of event records beside who and when: the audit trail's shape, in one place. */
export interface EventDetail {
  received: { sha256: string; size: number };
  flagged: { count: number; severity?: string | null; types?: string[]; error?: string };
  edited: { archiveId: number; sha256: string; text: string };
  approved: { note: string } | null;
  rejected: { reason: string } | null;
  queued: null;
  attempt: { attempt: number; error: string; nextAttemptAt: string; notice?: string | null; alert?: string | null; digest?: string | null };
  delivered: Delivery;
  failed: Delivery;
  withdrawn: { reason: string; pairId: number };
  notified: Delivery;
  notice_failed: Delivery;
  alerted: Delivery;
  alert_failed: Delivery;
}

/**
 * Appends one event to the messages' audit trail (never edited, never deleted), for one message or
 * several at once (a closed pair's withdrawn forwards). Every event of the relay goes through here.
 */
export async function recordEvent<T extends EventType>(
  db: Kysely<Database> | Transaction<Database>,
  messageId: number | number[],
  type: T,
  actor: string,
  detail: EventDetail[T],
  at: number,
): Promise<void> {
  const ids = Array.isArray(messageId) ? messageId : [messageId];
  if (ids.length === 0) return;
  const text = detail === null ? null : JSON.stringify(detail);
  await db
    .insertInto('message_events')
    .values(ids.map((id) => ({ message_id: id, type, actor, at, detail: text })))
    .execute();
}
