import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { Repeating } from '../repeating.js';
import type { Clock } from '../db/clock.js';
import type { Database } from '../db/database.js';
import { coordinatorAccounts } from '../program/pair-lifecycle.repository.js';
import { recordProgramEvent } from '../program/program-event.repository.js';
import { lastCompleteWeek } from './summary.js';
import { lastMailedWeek, queueReportMails, setLastMailedWeek } from './weekly-mail.repository.js';
import { localDayAndHour, type Weekday } from './weeks.js';


export interface WeeklyMailOptions {
  day: Weekday | 'off';
  hour: number;
  timeZone: string;
  /** Empty: every enabled coordinator and admin account. */
  recipients: string[];
}


/**
 * Once a week, on the configured day and from the configured hour, mails the report of the week that
 * ended to the coordinators (through the outbox: retried and logged like any mail). The week last
 * mailed is kept in the database, so a restart does not send it twice and two relays send it once;
 * each sending is a program event that names the week and the recipients.
 */
export class WeeklyReportMailer {
  private readonly repeating: Repeating;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly options: WeeklyMailOptions,
    private readonly log: Logger,
    private readonly onQueued: () => void,
  ) {
    this.repeating = new Repeating('weekly report check', log, () => this.check());
  }

  start(everyMs = 60_000): void {
    if (this.options.day === 'off') return;
    this.repeating.start(everyMs);
  }

  stop(): void {
    this.repeating.stop();
  }

  /** Queues the last week's report if it is time and nobody has yet; resolves the week it queued, or null. */
  async check(at = this.clock.now()): Promise<string | null> {
    const { day, hour, timeZone } = this.options;
    if (day === 'off') return null;
    const local = localDayAndHour(timeZone, at);
    if (local.day !== day || local.hour < hour) return null;
    const week = lastCompleteWeek(timeZone, at);
    const queued = await this.db.transaction().execute(async (trx) => {
      if ((await lastMailedWeek(trx)) === week) return null;
      await setLastMailedWeek(trx, week);
      const recipients = this.options.recipients.length > 0 ? this.options.recipients : (await coordinatorAccounts(trx)).map((c) => c.email.toLowerCase());
      if (recipients.length === 0) return { week, recipients };
      const eventId = await recordProgramEvent(trx, { entity: 'report', entityId: 0, type: 'weekly-report-mailed', actor: 'relay', at, detail: { week, recipients } });
      await queueReportMails(trx, eventId, recipients, at);
      return { week, recipients };
    });
    if (!queued) return null;
    if (queued.recipients.length === 0) {
      this.log.warn({ week }, 'weekly report not mailed: no recipients and no coordinator account (set reports.recipients)');
      return null;
    }
    this.log.info({ week, recipients: queued.recipients.length }, 'weekly report queued');
    this.onQueued();
    return week;
  }
}
