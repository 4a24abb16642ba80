import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../db/clock.js';
import type { Database } from '../db/database.js';
import { PollingWorker } from '../db/polling-worker.js';
import { prepareAlert } from './alert.js';
import { prepareDigest } from './digest.js';
import { prepareReport } from './report.js';
import { prepareForward } from './forward.js';
import type { Outgoing, Prepare, PrepareContext } from './mail.js';
import { prepareNotice } from './notice.js';
import { prepareSheet } from './sheet.js';
import { prepareLifecycle } from './lifecycle.js';
import type { OutboxRow } from './outbox.table.js';
import { claimDue, deferDelivery, finishDelivery } from './outbox.repository.js';
import { mayStillSend } from './pair-gate.repository.js';
import { describeFailure, isPermanent, retryDelay } from './retry.js';
import type { Transport } from './transport.js';

export interface WorkerOptions {
  domain: string;
  programName: string;
  /** The review page's public address, for links in alerts. */
  publicUrl: string | null;
  /** For the weekly report: where weeks start, and how often check-ins are due. */
  timeZone: string;
  checkInDays: number;
  pollMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  maxAttempts: number;
  leaseMs: number;
  concurrency: number;
}

/** Each kind of mail is prepared by its own file; the worker only claims, sends and records. */
const prepare: Record<OutboxRow['kind'], Prepare> = { forward: prepareForward, notice: prepareNotice, alert: prepareAlert, digest: prepareDigest, sheet: prepareSheet, lifecycle: prepareLifecycle, report: prepareReport };

/**
 * Delivers the outbox. Network I/O happens outside any transaction: claim (one short write), send,
 * then record the outcome (one short write). A message recorded as delivered has left the outbox in
 * the same transaction, so a restart never sends it again; the one window for a duplicate is a crash
 * between the smarthost's 250 and that commit.
 */
export class OutboundWorker extends PollingWorker {
  private readonly id = `worker-${randomUUID()}`;
  private readonly ctx: PrepareContext;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly transport: Transport,
    private readonly options: WorkerOptions,
    log: Logger,
  ) {
    super(log, options.pollMs, 'outbound worker');
    this.ctx = { db, clock, domain: options.domain, programName: options.programName, publicUrl: options.publicUrl, timeZone: options.timeZone, checkInDays: options.checkInDays };
  }

  protected async pass(): Promise<boolean> {
    const rows = await claimDue(this.db, this.id, this.clock.now(), this.options.leaseMs, this.options.concurrency);
    await Promise.all(rows.map((row) => this.deliver(row)));
    return rows.length > 0;
  }

  private async deliver(row: OutboxRow): Promise<void> {
    let mail: Outgoing;
    try {
      mail = await prepare[row.kind](this.ctx, row);
    } catch (err) {
      if (!(await mayStillSend(this.db, row, this.clock.now()))) return; // the pair was paused or closed meanwhile: not this mail's failure
      this.log.error({ err, messageId: row.message_id, kind: row.kind }, 'preparing outgoing mail failed');
      await finishDelivery(this.db, row, this.clock.now(), 'failed', `cannot prepare the outgoing message: ${(err as Error).message}`);
      return;
    }
    // A pair paused or closed since the claim: the forward waits, or was withdrawn, and is not sent.
    if (!(await mayStillSend(this.db, row, this.clock.now()))) return;
    try {
      const response = await this.transport.send(mail.envelope, mail.raw, mail.name);
      await finishDelivery(this.db, row, this.clock.now(), 'delivered', response);
      this.log.info({ messageId: row.message_id, kind: row.kind, to: row.message_id === null ? row.notice_to : undefined }, 'mail delivered');
    } catch (err) {
      const reason = describeFailure(err);
      const attempts = row.attempts + 1;
      if (isPermanent(err) || attempts >= this.options.maxAttempts) {
        this.log.warn({ messageId: row.message_id, kind: row.kind, reason, attempts }, 'delivery failed for good');
        await finishDelivery(this.db, row, this.clock.now(), 'failed', reason);
      } else {
        const at = this.clock.now();
        const next = at + retryDelay(attempts, this.options.retryBaseMs, this.options.retryMaxMs);
        this.log.info({ messageId: row.message_id, kind: row.kind, reason, attempts }, 'delivery deferred');
        await deferDelivery(this.db, row, at, next, attempts, reason);
      }
    }
  }
}
