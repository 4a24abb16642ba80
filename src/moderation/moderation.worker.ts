import type { Clock } from '../db/clock.js';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import { PollingWorker } from '../db/polling-worker.js';
import type { ReviewService } from '../review/review.service.js';
import { recordEvent } from '../messages/event.repository.js';
import { defaultKeywords } from '../screening/defaults.js';
import { topSeverity, type Flag, type KeywordRule, type Severity } from '../screening/types.js';
import { markScreenedUnflagged, queueAlert, storeFlags } from './moderation.repository.js';
import { Screener, ScreeningThreadLost, type Screening, type ScreenResult } from './screener.js';

export interface ModerationWorkerOptions {
  /** The database file, which the screening thread reads too. */
  dbPath: string;
  domain: string;
  pollMs: number;
  mode: 'hold-all' | 'hold-flagged';
  samplePercent: number;
  safeguardingContacts: string[];
  screening: { defaultCountry: string; flagSurnames: boolean; keywords: KeywordRule[] | null; maxAttachmentBytes: number; threadMemoryMb: number };
}

export const AUTO_APPROVER = 'screening (trusted pair, nothing flagged)';

interface Screened {
  id: number;
  flags: Flag[];
  top: Severity | null;
  /** Safeguarding contacts to alert (an urgent flag). */
  alerts: string[];
  autoApprove: boolean;
  /** Screening could not read the message: recorded, so "no flags" is not mistaken for "nothing found". */
  error?: string;
}

/**
 * Screens stored messages, oldest first, right after they are accepted (the SMTP reply does not
 * wait for it: a message is held until a reviewer, or this worker in hold-flagged mode, lets it go).
 * Stores the flags with a `flagged` event, queues an alert to every safeguarding contact for an
 * urgent flag, and in hold-flagged mode approves a trusted pair's unflagged message (but a random
 * sample). Picking the batch, reading it and the detectors (pure functions, screening/screen.ts) run on a thread of
 * their own (screener.ts); this worker decides what follows from the flags and stores them.
 */
export class ModerationWorker extends PollingWorker {
  private readonly screener: Screener;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly review: ReviewService,
    private readonly settings: ModerationWorkerOptions,
    log: Logger,
    /** Called after alerts were queued. */
    private readonly onQueued: () => void = () => {},
    private readonly random: () => number = Math.random,
  ) {
    // 100 ms after a message arrives: during a burst the messages of those milliseconds are screened and
    // stored together (one commit), while an urgent alert still leaves within a fraction of a second.
    super(log, settings.pollMs, 'screening worker', 100);
    const { threadMemoryMb, ...options } = settings.screening;
    this.screener = new Screener({ dbPath: settings.dbPath, domain: settings.domain, options: { ...options, keywords: options.keywords ?? defaultKeywords }, memoryMb: threadMemoryMb }, log);
  }

  override start(): void {
    this.screener.start();
    super.start();
  }

  override async stop(): Promise<void> {
    await super.stop();
    await this.screener.close();
  }

  protected async pass(): Promise<boolean> {
    // The thread picks the batch, reads and screens it; this thread decides and stores.
    const next = await this.screenNext();
    const results = next.results.map((r) => this.decide(r));
    if (results.length === 0) return false;
    // One transaction for the whole batch: the CPU work is done, and one durable commit is cheap.
    const stored = await this.db.transaction().execute(async (trx) => {
      const at = this.clock.now();
      // Most messages have nothing to store but "screened": one statement for all of them.
      const plain = (r: Screened) => r.flags.length === 0 && !r.error;
      const unflagged = results.filter(plain).map((r) => r.id);
      const updated = new Set<number>();
      if (unflagged.length > 0) {
        for (const id of await markScreenedUnflagged(trx, unflagged, at)) updated.add(id);
      }
      for (const r of results) {
        if (plain(r)) continue;
        if (!(await storeFlags(trx, r.id, JSON.stringify(r.flags), at))) continue;
        updated.add(r.id);
        const detail = r.error ? { count: 0, error: r.error } : { count: r.flags.length, severity: r.top, types: [...new Set(r.flags.map((f) => f.type))] };
        await recordEvent(trx, r.id, 'flagged', 'screening', detail, at);
        for (const to of r.alerts) await queueAlert(trx, r.id, to, at);
      }
      // Another worker may have screened some first: what it stored stands.
      return results.filter((r) => updated.has(r.id));
    });
    if (stored.some((r) => r.alerts.length > 0)) this.onQueued();
    for (const r of stored) {
      if (r.top === 'urgent' && r.alerts.length === 0) this.log.warn({ messageId: r.id }, 'urgent flag, but no safeguarding contact is configured');
      if (r.autoApprove) await this.review.approve(r.id, AUTO_APPROVER).catch((err) => this.log.info({ err, messageId: r.id }, 'automatic approval skipped'));
    }
    // The next pass at once only when the thread left messages behind. Otherwise it took all there were,
    // and the next arrival kicks a pass 100 ms later: during a burst of small messages, passes back to
    // back would each store a handful, and every store is a durable commit on the SMTP sessions' thread
    // (at 2 KB that made accepting mail about 10 % slower than waiting for the batch to fill).
    return next.more;
  }

  /**
   * The next batch's results. When the thread dies on a batch (it crashed, or ran out of its memory),
   * each of the batch's messages is tried alone, so only the one that breaks it is recorded as failed.
   */
  private async screenNext(ids?: number[]): Promise<Screening> {
    try {
      return await this.screener.screen(ids);
    } catch (err) {
      if (!(err instanceof ScreeningThreadLost)) throw err;
      if (err.picked.length === 1) return { results: [{ id: err.picked[0]!, error: err.message }], more: true };
      const alone: ScreenResult[] = [];
      for (const id of err.picked) alone.push(...(await this.screenNext([id])).results);
      return { results: alone, more: true };
    }
  }

  /** What follows from a message's flags: alerts, and in hold-flagged mode whether it goes out unread. */
  private decide(result: ScreenResult): Screened {
    if (result.error !== undefined) {
      // A message that cannot be read is marked screened, with an event saying so: it stays held for a person.
      this.log.error({ messageId: result.id, error: result.error }, 'screening failed');
      return { id: result.id, flags: [], top: null, alerts: [], autoApprove: false, error: `screening failed: ${result.error}` };
    }
    const flags = result.flags;
    const top = topSeverity(flags);
    const clean = top === null || top === 'info';
    // hold-flagged: a trusted pair's clean message goes out, but a random sample waits for a look.
    // An unverified sender is never let through unread, whatever the flag's severity: a forger of a
    // domain that publishes nothing to check would otherwise ride on a trusted pair.
    const unverified = flags.some((f) => f.type === 'sender');
    const autoApprove = this.settings.mode === 'hold-flagged' && result.trusted && clean && !unverified && result.status === 'held' && this.random() * 100 >= this.settings.samplePercent;
    return { id: result.id, flags, top, alerts: top === 'urgent' ? this.settings.safeguardingContacts : [], autoApprove };
  }
}
