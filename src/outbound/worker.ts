import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import { now } from '../db/time.js';
import { readArchive } from '../messages/archive.js';
import type { OutboxRow } from './outbox.table.js';
import { composeRejectionNotice } from './notice.js';
import { claimDue, loadForDelivery, loadForNotice, threadingMap } from './outbox.repository.js';
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
export class OutboundWorker {
  private readonly id = `worker-${randomUUID()}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private again = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly transport: Transport,
    private readonly options: WorkerOptions,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    this.kick();
  }

  /** Looks at the outbox now instead of at the next poll (called after an approval). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.drain()
      .catch((err) => this.log.error({ err }, 'outbound worker pass failed'))
      .finally(() => {
        this.running = null;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.kick();
        } else {
          this.timer = setTimeout(() => this.kick(), this.options.pollMs);
        }
      });
  }

  /** Stops claiming and waits for deliveries in flight to be recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      const rows = await claimDue(this.db, this.id, now(), this.options.leaseMs, this.options.concurrency);
      if (rows.length === 0) return;
      await Promise.all(rows.map((row) => this.deliver(row)));
    }
  }

  private async deliver(row: OutboxRow): Promise<void> {
    let mail: Outgoing;
    try {
      mail = row.kind === 'notice' ? await this.prepareNotice(row) : await this.prepareForward(row);
    } catch (err) {
      this.log.error({ err, messageId: row.message_id, kind: row.kind }, 'preparing outgoing mail failed');
      await this.finish(row, 'failed', `cannot prepare the outgoing message: ${(err as Error).message}`);
      return;
    }
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
          if (row.kind === 'forward') await trx.updateTable('messages').set({ last_error: reason }).where('id', '=', row.message_id).execute();
          await trx
            .insertInto('message_events')
            .values({
              message_id: row.message_id,
              type: 'attempt',
              actor: 'relay',
              at: now(),
              detail: JSON.stringify({ ...(row.kind === 'notice' ? { notice: true } : {}), attempt: attempts, error: reason, nextAttemptAt: new Date(next).toISOString() }),
            })
            .execute();
        });
      }
    }
  }

  /** The approved message, rewritten for the other participant (from the edited copy when there is one). */
  private async prepareForward(row: OutboxRow): Promise<Outgoing> {
    const message = await loadForDelivery(this.db, row.message_id);
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
    const m = await loadForNotice(this.db, row.message_id);
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

  /** Records a final outcome and removes the outbox row, in one transaction. A notice leaves the message's status alone. */
  private async finish(row: OutboxRow, outcome: 'delivered' | 'failed', detail: string): Promise<void> {
    const at = now();
    await this.db.transaction().execute(async (trx) => {
      if (row.kind === 'forward') {
        await trx
          .updateTable('messages')
          .set(outcome === 'delivered' ? { status: 'delivered', delivered_at: at, last_error: null } : { status: 'failed', last_error: detail })
          .where('id', '=', row.message_id)
          .where('status', '=', 'approved')
          .execute();
      }
      const type = row.kind === 'notice' ? (outcome === 'delivered' ? 'notified' : 'notice_failed') : outcome;
      const info = { ...(row.kind === 'notice' ? { to: row.notice_to } : {}), attempt: row.attempts + 1, [outcome === 'delivered' ? 'response' : 'error']: detail };
      await trx.insertInto('message_events').values({ message_id: row.message_id, type, actor: 'relay', at, detail: JSON.stringify(info) }).execute();
      await trx.deleteFrom('outbox').where('id', '=', row.id).execute();
    });
  }
}
