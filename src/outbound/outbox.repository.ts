import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { messagesWithPeople } from '../messages/message.repository.js';
import { recordProgramEvent } from '../program/program-event.repository.js';
import { primaryEmail } from '../program/program.repository.js';
import type { OutboxRow } from './outbox.table.js';
import { unlessPairInactive } from './pair-gate.repository.js';
import { recordEvent } from '../messages/event.repository.js';

/**
 * Claims due outbox rows for one worker with a lease: a row is free when its lease is unset or
 * expired, so rows a crashed worker held come back by themselves; a forward of a pair that is not
 * active is not due. Portable SQL (UPDATE ... RETURNING).
 */
export function claimDue(db: Kysely<Database>, workerId: string, at: number, leaseMs: number, limit: number) {
  return db
    .updateTable('outbox')
    .set({ claimed_by: workerId, claim_expires_at: at + leaseMs })
    .where('id', 'in', (qb) =>
      qb
        .selectFrom('outbox')
        .select('id')
        .where('next_attempt_at', '<=', at)
        .where((eb) => eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<', at)]))
        .where(unlessPairInactive)
        .orderBy('next_attempt_at')
        .limit(limit),
    )
    // Checked again on the row itself: on PostgreSQL a concurrent claimer re-reads a row it waited
    // for, and must then see the other worker's fresh lease and skip it.
    .where((eb) => eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<', at)]))
    .returningAll()
    .execute();
}

/** Everything delivery needs about one message: the archived bytes, the pair, both people. */
export function loadForDelivery(db: Kysely<Database>, messageId: number) {
  return messagesWithPeople(db)
    .select(['m.id', 'm.archive_id', 'm.forward_archive_id', 'm.pair_id', 'm.sender_id', 'm.recipient_id', 'm.relay_message_id', 'm.status', 'm.subject'])
    .select(primaryEmail('m.recipient_id').as('recipient_address'))
    .where('m.id', '=', messageId)
    .executeTakeFirst();
}

/** What a notice about a message says: who wrote it, to whom (by name), what, when, and the reason. */
export function loadForNotice(db: Kysely<Database>, messageId: number) {
  return messagesWithPeople(db)
    .select(['m.subject', 'm.received_at', 'm.reason'])
    .where('m.id', '=', messageId)
    .executeTakeFirst();
}

/** What an alert about a message says: the people, the subject, its flags, and where its text is. */
export function loadForAlert(db: Kysely<Database>, messageId: number) {
  return messagesWithPeople(db).select(['m.id', 'm.archive_id', 'm.subject', 'm.received_at', 'm.flags', 'm.direction']).where('m.id', '=', messageId).executeTakeFirst();
}

/** Flagged messages still waiting for a reviewer, oldest first: the daily digest's list. */
export function loadFlaggedWaiting(db: Kysely<Database>, limit: number) {
  return messagesWithPeople(db)
    .select(['m.id', 'm.subject', 'm.received_at', 'm.flags'])
    .where('m.status', '=', 'held')
    .where('m.flags', '!=', '[]')
    .orderBy('m.id')
    .limit(limit)
    .execute();
}

/** A temporary failure: the row waits for `nextAttemptAt`, unclaimed, and the message's history says why. */
export async function deferDelivery(db: Kysely<Database>, row: OutboxRow, at: number, next: number, attempts: number, reason: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('outbox').set({ attempts, next_attempt_at: next, last_error: reason, claimed_by: null, claim_expires_at: null }).where('id', '=', row.id).execute();
    if (row.message_id === null) return; // a digest: about no one message, nothing to record on one
    if (row.kind === 'forward') await trx.updateTable('messages').set({ last_error: reason }).where('id', '=', row.message_id).where('status', '=', 'approved').execute();
    const detail = { ...(row.kind !== 'forward' ? { [row.kind]: row.notice_to } : {}), attempt: attempts, error: reason, nextAttemptAt: new Date(next).toISOString() };
    await recordEvent(trx, row.message_id, 'attempt', 'relay', detail, at);
  });
}

/** Records a final outcome and removes the outbox row, in one transaction. A notice leaves the message's status alone. */
export async function finishDelivery(db: Kysely<Database>, row: OutboxRow, at: number, outcome: 'delivered' | 'failed', detail: string): Promise<void> {
  const messageId = row.message_id;
  if (messageId === null) {
    await db.transaction().execute(async (trx) => {
      // A sheet's delivery is part of its send's record: which organizer got it, which did not.
      if (row.kind === 'sheet' && row.sheet_send_id !== null) {
        await recordProgramEvent(trx, { entity: 'sheet', entityId: row.sheet_send_id, type: outcome, actor: 'relay', at, detail: { to: row.notice_to, attempt: row.attempts + 1, [outcome === 'delivered' ? 'response' : 'error']: detail } });
      }
      await trx.deleteFrom('outbox').where('id', '=', row.id).execute();
    });
    return;
  }
  await db.transaction().execute(async (trx) => {
    if (row.kind === 'forward') {
      await trx
        .updateTable('messages')
        .set(outcome === 'delivered' ? { status: 'delivered', delivered_at: at, last_error: null } : { status: 'failed', last_error: detail })
        .where('id', '=', messageId)
        // A copy the smarthost took is delivered, even if the pair was closed (and the forward
        // withdrawn) while it was on the wire: the record must say what happened.
        .where('status', 'in', outcome === 'delivered' ? ['approved', 'failed'] : ['approved'])
        .execute();
    }
    const type = row.kind === 'forward' ? outcome : row.kind === 'notice' ? (outcome === 'delivered' ? 'notified' : 'notice_failed') : outcome === 'delivered' ? 'alerted' : 'alert_failed';
    const info = { ...(row.kind !== 'forward' ? { to: row.notice_to } : {}), attempt: row.attempts + 1, [outcome === 'delivered' ? 'response' : 'error']: detail };
    await recordEvent(trx, messageId, type, 'relay', info, at);
    await trx.deleteFrom('outbox').where('id', '=', row.id).execute();
  });
}

/**
 * The threading map for a message `senderId` sent in a pair, over the IDs it references:
 * - an ID of a copy the relay delivered to this sender → the ID the other side's client made;
 * - an ID this sender's own client made → the ID the relay gave the other side's copy.
 */
export async function threadingMap(db: Kysely<Database>, pairId: number, senderId: number, ids: string[]): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  if (ids.length === 0) return map;
  const received = await db
    .selectFrom('messages')
    .select(['relay_message_id', 'original_message_id'])
    .where('pair_id', '=', pairId)
    .where('recipient_id', '=', senderId)
    .where('relay_message_id', 'in', ids)
    .execute();
  for (const r of received) if (r.original_message_id) map.set(r.relay_message_id, r.original_message_id);
  const sent = await db
    .selectFrom('messages')
    .select(['relay_message_id', 'original_message_id'])
    .where('pair_id', '=', pairId)
    .where('sender_id', '=', senderId)
    .where('original_message_id', 'in', ids)
    .execute();
  for (const r of sent) if (r.original_message_id && !map.has(r.original_message_id)) map.set(r.original_message_id, r.relay_message_id);
  return map;
}
