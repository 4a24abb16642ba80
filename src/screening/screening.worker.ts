import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import { PollingWorker } from '../db/polling-worker.js';
import { now } from '../db/time.js';
import { parseForReading, readArchives } from '../messages/archive.js';
import { messagesWithPeople } from '../messages/message.repository.js';
import { plainTextHead } from '../messages/text.js';
import type { ReviewService } from '../review/review.service.js';
import { defaultKeywords } from './defaults.js';
import { MAX_SCREENED_CHARS, compileRules, screenMessage, topSeverity } from './screen.js';
import { zipEntryNames } from './zip.js';
import type { Flag, KeywordRule, ScreeningOptions, Severity } from './types.js';

export interface ScreeningWorkerOptions {
  domain: string;
  pollMs: number;
  mode: 'hold-all' | 'hold-flagged';
  samplePercent: number;
  safeguardingContacts: string[];
  screening: { defaultCountry: string; flagSurnames: boolean; keywords: KeywordRule[] | null; maxAttachmentBytes: number };
}

export const AUTO_APPROVER = 'screening (trusted pair, nothing flagged)';

interface BatchMessage {
  id: number;
  subject: string;
  status: string;
  trusted: number;
  alias: string;
  sender_name: string;
  recipient_name: string;
}

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
 * sample). The detectors themselves are pure functions (screen.ts).
 */
export class ScreeningWorker extends PollingWorker {
  private readonly options: ScreeningOptions;
  private readonly rules;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly review: ReviewService,
    private readonly settings: ScreeningWorkerOptions,
    log: Logger,
    /** Called after alerts were queued. */
    private readonly onQueued: () => void = () => {},
    private readonly random: () => number = Math.random,
  ) {
    // 25 ms after a message arrives: during a burst the messages of those milliseconds are screened and
    // stored together (one commit), while an urgent alert still leaves within a fraction of a second.
    super(log, settings.pollMs, 'screening worker', 25);
    this.options = { ...settings.screening, keywords: settings.screening.keywords ?? defaultKeywords };
    this.rules = compileRules(this.options.keywords);
  }

  protected async pass(): Promise<boolean> {
    // The batch's messages, their people's addresses and their bytes: three queries for up to 20 messages.
    const candidates = await messagesWithPeople(this.db)
      .select(['m.id', 'm.archive_id', 'm.size', 'm.subject', 'm.status', 'm.sender_id', 'm.recipient_id', 'p.trusted'])
      .where('m.screened_at', 'is', null)
      .orderBy('m.id')
      .limit(20)
      .execute();
    if (candidates.length === 0) return false;
    // At most about 8 MB of messages in memory at once: one 25 MB message is a batch of its own.
    let bytes = 0;
    const batch = candidates.filter((m, i) => (bytes += m.size) <= 8 * 1024 * 1024 || i === 0);
    const people = [...new Set(batch.flatMap((m) => [m.sender_id, m.recipient_id]))];
    const emails = await this.db.selectFrom('person_emails').select(['person_id', 'address']).where('person_id', 'in', people).execute();
    const archives = await readArchives(this.db, batch.map((m) => m.archive_id));
    const results: Screened[] = [];
    for (const m of batch) {
      if (this.isStopped) break;
      // Screening is CPU work: let SMTP sessions and HTTP requests in between two messages.
      await new Promise((resolve) => setImmediate(resolve));
      const id = m.id;
      try {
        const of = (personId: number) => emails.filter((e) => e.person_id === personId).map((e) => e.address);
        results.push(await this.screenOne(m, { sender: of(m.sender_id), recipient: of(m.recipient_id) }, archives.get(m.archive_id) ?? Buffer.alloc(0)));
      } catch (err) {
        // A message that cannot be read is marked screened, with an event saying so: it stays held for a person.
        this.log.error({ err, messageId: id }, 'screening failed');
        results.push({ id, flags: [], top: null, alerts: [], autoApprove: false, error: `screening failed: ${(err as Error).message}` });
      }
    }
    // One transaction for the whole batch: the CPU work is done, and one durable commit is cheap.
    const stored = await this.db.transaction().execute(async (trx) => {
      const at = now();
      const done: Screened[] = [];
      for (const r of results) {
        const updated = await trx.updateTable('messages').set({ flags: JSON.stringify(r.flags), screened_at: at }).where('id', '=', r.id).where('screened_at', 'is', null).executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) continue; // another worker screened it first
        if (r.flags.length > 0 || r.error) {
          const detail = r.error ? { count: 0, error: r.error } : { count: r.flags.length, severity: r.top, types: [...new Set(r.flags.map((f) => f.type))] };
          await trx.insertInto('message_events').values({ message_id: r.id, type: 'flagged', actor: 'screening', at, detail: JSON.stringify(detail) }).execute();
        }
        for (const to of r.alerts) await trx.insertInto('outbox').values({ message_id: r.id, kind: 'alert', notice_to: to, next_attempt_at: at, created_at: at }).execute();
        done.push(r);
      }
      return done;
    });
    if (stored.some((r) => r.alerts.length > 0)) this.onQueued();
    for (const r of stored) {
      if (r.top === 'urgent' && r.alerts.length === 0) this.log.warn({ messageId: r.id }, 'urgent flag, but no safeguarding contact is configured');
      if (r.autoApprove) await this.review.approve(r.id, AUTO_APPROVER).catch((err) => this.log.info({ err, messageId: r.id }, 'automatic approval skipped'));
    }
    return batch.length > 0;
  }

  /** Reads and screens one message; writes nothing. */
  private async screenOne(m: BatchMessage, emails: { sender: string[]; recipient: string[] }, raw: Buffer): Promise<Screened> {
    const id = m.id;
    // A plain text message needs no MIME parse (and has no attachments); anything else gets one.
    const fast = plainTextHead(raw, MAX_SCREENED_CHARS);
    const parsed = fast === null ? await parseForReading(raw) : null;
    const flags: Flag[] = screenMessage(
      {
        subject: m.subject,
        text: fast?.text ?? parsed?.text ?? '',
        textTruncated: fast?.truncated ?? false,
        attachments: (parsed?.attachments ?? []).map((a) => ({
          filename: a.filename ?? null,
          contentType: a.contentType,
          size: a.size,
          entries: /\.zip$/i.test(a.filename ?? '') || /zip/i.test(a.contentType) ? zipEntryNames(a.content) : undefined,
        })),
        sender: { name: m.sender_name, emails: emails.sender },
        recipient: { name: m.recipient_name, emails: emails.recipient },
        alias: `${m.alias}@${this.settings.domain}`,
        domain: this.settings.domain,
      },
      this.options,
      this.rules,
    );
    const top = topSeverity(flags);
    const clean = top === null || top === 'info';
    // hold-flagged: a trusted pair's clean message goes out, but a random sample waits for a look.
    const autoApprove = this.settings.mode === 'hold-flagged' && m.trusted === 1 && clean && m.status === 'held' && this.random() * 100 >= this.settings.samplePercent;
    return { id, flags, top, alerts: top === 'urgent' ? this.settings.safeguardingContacts : [], autoApprove };
  }
}
