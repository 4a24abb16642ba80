import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import { PollingWorker } from '../db/polling-worker.js';
import { now } from '../db/time.js';
import { parseForReading, readArchive } from '../messages/archive.js';
import type { ReviewService } from '../review/review.service.js';
import { defaultKeywords } from './defaults.js';
import { compileRules, screenMessage, topSeverity } from './screen.js';
import type { Flag, KeywordRule, ScreeningOptions } from './types.js';

export interface ScreeningWorkerOptions {
  domain: string;
  pollMs: number;
  mode: 'hold-all' | 'hold-flagged';
  samplePercent: number;
  safeguardingContacts: string[];
  screening: { defaultCountry: string; flagSurnames: boolean; keywords: KeywordRule[] | null; maxAttachmentBytes: number };
}

export const AUTO_APPROVER = 'screening (trusted pair, nothing flagged)';

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
    super(log, settings.pollMs, 'screening worker');
    this.options = { ...settings.screening, keywords: settings.screening.keywords ?? defaultKeywords };
    this.rules = compileRules(this.options.keywords);
  }

  protected async pass(): Promise<boolean> {
    const batch = await this.db.selectFrom('messages').select('id').where('screened_at', 'is', null).orderBy('id').limit(20).execute();
    for (const { id } of batch) {
      if (this.isStopped) return false;
      try {
        await this.screenOne(id);
      } catch (err) {
        // A message that cannot be read is marked screened with no flags: it stays held for a person.
        this.log.error({ err, messageId: id }, 'screening failed');
        await this.db.updateTable('messages').set({ screened_at: now() }).where('id', '=', id).where('screened_at', 'is', null).execute();
      }
    }
    return batch.length > 0;
  }

  private async screenOne(id: number): Promise<void> {
    const m = await this.db
      .selectFrom('messages as m')
      .innerJoin('pairs as p', 'p.id', 'm.pair_id')
      .innerJoin('people as s', 's.id', 'm.sender_id')
      .innerJoin('people as r', 'r.id', 'm.recipient_id')
      .select(['m.id', 'm.archive_id', 'm.subject', 'm.status', 'm.sender_id', 'm.recipient_id', 'p.alias', 'p.trusted', 's.name as sender_name', 'r.name as recipient_name'])
      .where('m.id', '=', id)
      .executeTakeFirstOrThrow();
    const emails = await this.db.selectFrom('person_emails').select(['person_id', 'address']).where('person_id', 'in', [m.sender_id, m.recipient_id]).execute();
    const of = (personId: number) => emails.filter((e) => e.person_id === personId).map((e) => e.address);
    const parsed = await parseForReading(await readArchive(this.db, m.archive_id));
    const flags: Flag[] = screenMessage(
      {
        subject: m.subject,
        text: parsed.text ?? '',
        attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? null, contentType: a.contentType, size: a.size })),
        sender: { name: m.sender_name, emails: of(m.sender_id) },
        recipient: { name: m.recipient_name, emails: of(m.recipient_id) },
        alias: `${m.alias}@${this.settings.domain}`,
        domain: this.settings.domain,
      },
      this.options,
      this.rules,
    );
    const top = topSeverity(flags);
    const alerts = top === 'urgent' ? this.settings.safeguardingContacts : [];

    const screened = await this.db.transaction().execute(async (trx) => {
      const at = now();
      const updated = await trx.updateTable('messages').set({ flags: JSON.stringify(flags), screened_at: at }).where('id', '=', id).where('screened_at', 'is', null).executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return false; // another worker screened it first
      if (flags.length > 0) {
        const detail = { count: flags.length, severity: top, types: [...new Set(flags.map((f) => f.type))] };
        await trx.insertInto('message_events').values({ message_id: id, type: 'flagged', actor: 'screening', at, detail: JSON.stringify(detail) }).execute();
      }
      for (const to of alerts) {
        await trx.insertInto('outbox').values({ message_id: id, kind: 'alert', notice_to: to, next_attempt_at: at, created_at: at }).execute();
      }
      return true;
    });
    if (!screened) return;
    if (alerts.length > 0) this.onQueued();
    if (top === 'urgent' && alerts.length === 0) this.log.warn({ messageId: id }, 'urgent flag, but no safeguarding contact is configured');

    const clean = top === null || top === 'info';
    if (this.settings.mode === 'hold-flagged' && m.trusted && clean && m.status === 'held') {
      if (this.random() * 100 < this.settings.samplePercent) return; // held for a look, at random
      await this.review.approve(id, AUTO_APPROVER).catch((err) => this.log.info({ err, messageId: id }, 'automatic approval skipped'));
    }
  }
}
