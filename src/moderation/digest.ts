import type { Clock } from '../db/clock.js';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { Repeating } from '../repeating.js';
import type { Database } from '../db/database.js';
import { localDayAndHour, today } from '../stats/weeks.js';
import { flaggedWaiting, lastDigestDay, queueDigest, setLastDigestDay } from './moderation.repository.js';

export interface DigestOptions {
  /** Hour of the day (0-23) in the program's time zone; null: no digest. */
  hour: number | null;
  timeZone: string;
  contacts: string[];
}


/**
 * Once a day, at the configured hour, queues the digest of flagged messages still waiting to every
 * safeguarding contact (through the outbox: retried and logged like any mail). The day it last did
 * so is kept in the database, so a restart does not send it twice and two relays send it once.
 */
export class DigestScheduler {
  private readonly repeating: Repeating;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly options: DigestOptions,
    private readonly log: Logger,
    private readonly onQueued: () => void,
  ) {
    this.repeating = new Repeating('digest check', log, () => this.check());
  }

  start(everyMs = 60_000): void {
    if (this.options.hour === null || this.options.contacts.length === 0) return;
    this.repeating.start(everyMs);
  }

  stop(): void {
    this.repeating.stop();
  }

  /** Queues today's digest if it is time and nobody has yet; resolves true when it queued one. */
  async check(at = this.clock.now()): Promise<boolean> {
    const { hour, timeZone, contacts } = this.options;
    if (hour === null || contacts.length === 0 || localDayAndHour(timeZone, at).hour < hour) return false;
    const day = today(timeZone, at);
    const queued = await this.db.transaction().execute(async (trx) => {
      if ((await lastDigestDay(trx)) === day) return false;
      await setLastDigestDay(trx, day);
      if (!(await flaggedWaiting(trx))) return false; // nothing flagged waits: no mail today
      const t = this.clock.now();
      for (const to of contacts) await queueDigest(trx, to, t);
      return true;
    });
    if (queued) {
      this.log.info({ day, contacts: contacts.length }, 'daily digest queued');
      this.onQueued();
    }
    return queued;
  }
}
