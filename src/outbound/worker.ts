import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import { PollingWorker } from '../db/polling-worker.js';
import { now } from '../db/time.js';
import { parseForReading, readArchive } from '../messages/archive.js';
import { messagesWithPeople } from '../messages/message.repository.js';
import { readableText } from '../messages/text.js';
import type { OutboxRow } from './outbox.table.js';
import type { Flag } from '../screening/types.js';
import { composeDigest, composeRejectionNotice, composeUrgentAlert, highlighted } from './notice.js';
import { claimDue, loadForDelivery, loadForNotice, threadingMap } from './outbox.repository.js';
import { mayStillSend } from './pair-gate.repository.js';
import { describeFailure, isPermanent, retryDelay } from './retry.js';
import { referencedIds, rewriteForForwarding } from './rewrite.js';
import type { Envelope, Transport } from './transport.js';

interface Outgoing {
  envelope: Envelope;
  raw: Buffer;
  /** A file name for the file transport. */
  name: string;
}

export interface WorkerOptions {
  domain: string;
  programName: string;
  /** The review page's public address, for links in alerts. */
  publicUrl: string | null;
  pollMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  maxAttempts: number;
  leaseMs: number;
  concurrency: number;
}

/**
 * Delivers approved messages from the outbox. Network I/O happens outside any transaction: claim
 * (one short write), send, then record the outcome (one short write). A message recorded as
 * delivered has left the outbox in the same transaction, so a restart never sends it again; the
 * one window for a duplicate is a crash between the smarthost's 250 and that commit.
 */
export class OutboundWorker extends PollingWorker {
  private readonly id = `worker-${randomUUID()}`;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly transport: Transport,
    private readonly options: WorkerOptions,
    log: Logger,
  ) {
    super(log, options.pollMs, 'outbound worker');
  }

  protected async pass(): Promise<boolean> {
    const rows = await claimDue(this.db, this.id, now(), this.options.leaseMs, this.options.concurrency);
    await Promise.all(rows.map((row) => this.deliver(row)));
    return rows.length > 0;
  }

  private async deliver(row: OutboxRow): Promise<void> {
    let mail: Outgoing;
    try {
      const prepare = { forward: this.prepareForward, notice: this.prepareNotice, alert: this.prepareAlert, digest: this.prepareDigest }[row.kind];
      mail = await prepare.call(this, row);
    } catch (err) {
      if (!(await mayStillSend(this.db, row, now()))) return; // the pair was paused or closed meanwhile: not this mail's failure
      this.log.error({ err, messageId: row.message_id, kind: row.kind }, 'preparing outgoing mail failed');
      await this.finish(row, 'failed', `cannot prepare the outgoing message: ${(err as Error).message}`);
      return;
    }
    // A pair paused or closed since the claim: the forward waits, or was withdrawn, and is not sent.
    if (!(await mayStillSend(this.db, row, now()))) return;
    try {
      const response = await this.transport.send(mail.envelope, mail.raw, mail.name);
      await this.finish(row, 'delivered', response);
      this.log.info({ messageId: row.message_id, kind: row.kind }, 'mail delivered');
    } catch (err) {
      const reason = describeFailure(err);
      const attempts = row.attempts + 1;
      if (isPermanent(err) || attempts >= this.options.maxAttempts) {
        this.log.warn({ messageId: row.message_id, kind: row.kind, reason, attempts }, 'delivery failed for good');
        await this.finish(row, 'failed', reason);
      } else {
        const next = now() + retryDelay(attempts, this.options.retryBaseMs, this.options.retryMaxMs);
        this.log.info({ messageId: row.message_id, kind: row.kind, reason, attempts }, 'delivery deferred');
        await this.db.transaction().execute(async (trx) => {
          await trx
            .updateTable('outbox')
            .set({ attempts, next_attempt_at: next, last_error: reason, claimed_by: null, claim_expires_at: null })
            .where('id', '=', row.id)
            .execute();
          if (row.message_id === null) return; // a digest: about no one message, nothing to record on one
          if (row.kind === 'forward') await trx.updateTable('messages').set({ last_error: reason }).where('id', '=', row.message_id).where('status', '=', 'approved').execute();
          await trx
            .insertInto('message_events')
            .values({
              message_id: row.message_id,
              type: 'attempt',
              actor: 'relay',
              at: now(),
              detail: JSON.stringify({ ...(row.kind !== 'forward' ? { [row.kind]: row.notice_to } : {}), attempt: attempts, error: reason, nextAttemptAt: new Date(next).toISOString() }),
            })
            .execute();
        });
      }
    }
  }

  /** The approved message, rewritten for the other participant (from the edited copy when there is one). */
  private async prepareForward(row: OutboxRow): Promise<Outgoing> {
    const message = row.message_id === null ? undefined : await loadForDelivery(this.db, row.message_id);
    if (!message || message.status !== 'approved') throw new Error(message ? `the message is ${message.status}` : 'the message is missing');
    if (!message.recipient_address) throw new Error('the recipient has no address');
    const original = await readArchive(this.db, message.forward_archive_id ?? message.archive_id);
    const refs = referencedIds(original);
    const threading = await threadingMap(this.db, message.pair_id, message.sender_id, [...refs.inReplyTo, ...refs.references]);
    const raw = rewriteForForwarding({
      raw: original,
      senderName: message.sender_name,
      programName: this.options.programName,
      alias: `${message.alias}@${this.options.domain}`,
      to: message.recipient_address,
      messageId: message.relay_message_id,
      threading,
      now: new Date(),
    });
    // VERP-style envelope sender at the relay's domain: bounces come back to the relay, never to a participant.
    return { envelope: { from: `bounces+${message.id}@${this.options.domain}`, to: [message.recipient_address] }, raw, name: `message-${message.id}` };
  }

  /** A notice to a participant about their message (today: that it was rejected, and why). */
  private async prepareNotice(row: OutboxRow): Promise<Outgoing> {
    const m = row.message_id === null ? undefined : await loadForNotice(this.db, row.message_id);
    if (!m || !row.notice_to) throw new Error('the message or the notice address is missing');
    const raw = await composeRejectionNotice({
      programName: this.options.programName,
      domain: this.options.domain,
      to: row.notice_to,
      senderName: m.sender_name,
      recipientName: m.recipient_name,
      subject: m.subject,
      receivedAt: new Date(m.received_at),
      reason: m.reason ?? '',
    });
    // The null reverse-path (RFC 5321 §4.5.5): nobody should answer or bounce a notice.
    return { envelope: { from: '', to: [row.notice_to] }, raw, name: `notice-${row.message_id}-${row.id}` };
  }

  /** An alert to a safeguarding contact about a message with an urgent flag, the matched words marked. */
  private async prepareAlert(row: OutboxRow): Promise<Outgoing> {
    const m = await messagesWithPeople(this.db)
      .select(['m.id', 'm.archive_id', 'm.subject', 'm.received_at', 'm.flags', 'm.direction'])
      .where('m.id', '=', row.message_id ?? 0)
      .executeTakeFirst();
    if (!m || !row.notice_to) throw new Error('the message or the alert address is missing');
    const flags = (JSON.parse(m.flags) as Flag[]).filter((f) => f.severity === 'urgent');
    const original = await readArchive(this.db, m.archive_id);
    const text = await readableText(original, () => parseForReading(original));
    const raw = await composeUrgentAlert({
      programName: this.options.programName,
      domain: this.options.domain,
      to: row.notice_to,
      messageId: m.id,
      senderName: m.sender_name,
      senderRole: m.direction === 'mentor_to_protege' ? 'mentor' : 'protégé',
      recipientName: m.recipient_name,
      alias: `${m.alias}@${this.options.domain}`,
      subject: m.subject,
      receivedAt: new Date(m.received_at),
      matches: flags.map((f) => ({
        what: f.detail ?? f.type,
        excerpt: f.spans[0] ? highlighted(f.field === 'subject' ? m.subject : text, f.spans[0]) : f.excerpt,
      })),
      link: this.options.publicUrl ? `${this.options.publicUrl.replace(/\/$/, '')}/review/messages/${m.id}` : null,
    });
    return { envelope: { from: '', to: [row.notice_to] }, raw, name: `alert-${row.message_id}-${row.id}` };
  }

  /** The daily digest: every flagged message still waiting, oldest first, composed when it is sent. */
  private async prepareDigest(row: OutboxRow): Promise<Outgoing> {
    if (!row.notice_to) throw new Error('the digest address is missing');
    const waiting = await messagesWithPeople(this.db)
      .select(['m.id', 'm.subject', 'm.received_at', 'm.flags'])
      .where('m.status', '=', 'held')
      .where('m.flags', '!=', '[]')
      .orderBy('m.id')
      .limit(200)
      .execute();
    const base = this.options.publicUrl?.replace(/\/$/, '') ?? null;
    const raw = await composeDigest({
      programName: this.options.programName,
      domain: this.options.domain,
      to: row.notice_to,
      now: new Date(),
      items: waiting.map((m) => ({
        id: m.id,
        subject: m.subject,
        from: m.sender_name,
        to: m.recipient_name,
        receivedAt: new Date(m.received_at),
        flags: JSON.parse(m.flags) as Flag[],
        link: base ? `${base}/review/messages/${m.id}` : null,
      })),
    });
    return { envelope: { from: '', to: [row.notice_to] }, raw, name: `digest-${row.id}` };
  }

  /** Records a final outcome and removes the outbox row, in one transaction. A notice leaves the message's status alone. */
  private async finish(row: OutboxRow, outcome: 'delivered' | 'failed', detail: string): Promise<void> {
    const at = now();
    if (row.message_id === null) {
      this.log.info({ kind: row.kind, to: row.notice_to, outcome, detail }, 'digest sent');
      await this.db.deleteFrom('outbox').where('id', '=', row.id).execute();
      return;
    }
    const messageId = row.message_id;
    await this.db.transaction().execute(async (trx) => {
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
      await trx.insertInto('message_events').values({ message_id: messageId, type, actor: 'relay', at, detail: JSON.stringify(info) }).execute();
      await trx.deleteFrom('outbox').where('id', '=', row.id).execute();
    });
  }
}
