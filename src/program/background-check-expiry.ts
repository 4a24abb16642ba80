import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { Repeating } from '../repeating.js';
import type { Clock } from '../db/clock.js';
import type { Database } from '../db/database.js';
import { toIso } from '../db/time.js';
import { isDone, latestByStep } from './onboarding.model.js';
import { listOnboardingSteps, markExpiryNoticed, unnoticedExpiredChecks } from './onboarding.repository.js';
import { activePairsOfMentor, coordinatorAccounts, nameAndAddress, queueLifecycleMails, setPairState } from './pair-lifecycle.repository.js';
import { pairAddress } from './program.model.js';
import { recordProgramEvent } from './program-event.repository.js';
import { personResponsibleFor } from './responsibility.repository.js';
import { seedTasks } from './seed-tasks.js';

/** What one expired background check led to. */
export interface ExpiryOutcome {
  mentorId: number;
  pausedPairs: number[];
  notified: string[];
}

/** The detail of a `background-check-expired` event, which the notice to the person responsible is composed from. */
export interface ExpiryDetail {
  mentorId: number;
  mentorName: string;
  expiredAt: string;
  pairs: { id: number; alias: string; protegeName: string }[];
  /** Who is told: the person responsible for background checks, or the coordinators when nobody is. */
  recipients: { name: string; email: string }[];
  responsible: 'task' | 'coordinators';
}

/** How often the relay looks: a pair stays open at most this long after its mentor's check expired. */
const EVERY = 60_000;

/**
 * A cleared background check is good until its expiry. At start-up and every minute, each check that
 * expired since (unless a newer cleared one replaced it) pauses the mentor's active pairs (their alias
 * answers 550 5.2.1, queued forwards wait) and is told, through the outbox, to the person responsible
 * for "performing background checks on potential mentors", or to the coordinators when nobody is. Each
 * check is acted on once, in one transaction with its pauses, events and mails; a new cleared check
 * resumes the pairs (see openReadyPairs).
 */
export class BackgroundCheckExpiry {
  private readonly repeating: Repeating;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly domain: string,
    private readonly log: Logger,
    private readonly onQueued: () => void,
  ) {
    this.repeating = new Repeating('background check expiry check', log, () => this.check());
  }

  /** Checks now, then every `everyMs`. */
  start(everyMs = EVERY): Promise<void> {
    return this.repeating.startNow(everyMs);
  }

  stop(): void {
    this.repeating.stop();
  }

  async check(): Promise<ExpiryOutcome[]> {
    const at = this.clock.now();
    // Most minutes nothing expired: a read, and no write transaction.
    if ((await unnoticedExpiredChecks(this.db, at)).length === 0) return [];
    const outcomes = await this.db.transaction().execute(async (trx) => {
      const expired = await unnoticedExpiredChecks(trx, at);
      const out: ExpiryOutcome[] = [];
      for (const personId of new Set(expired.map((r) => r.person_id))) {
        const rows = expired.filter((r) => r.person_id === personId);
        await markExpiryNoticed(trx, rows.map((r) => r.id), at);
        // Only a mentor whose background check is not good today: a newer cleared check makes an older
        // one's expiry moot, but a newer failed one does not hide it.
        const latest = latestByStep(await listOnboardingSteps(trx, personId)).get('background-check');
        if (latest && isDone({ step: latest.step, status: latest.status, at: latest.at, expiresAt: latest.expires_at }, at)) continue;
        const current = rows.at(-1)!;
        const mentor = await nameAndAddress(trx, personId);
        const pairs = await activePairsOfMentor(trx, personId);
        for (const p of pairs) {
          await setPairState(trx, p.id, { status: 'paused', status_reason: 'background-check-expired' });
          await recordProgramEvent(trx, { entity: 'pair', entityId: p.id, type: 'paused', actor: 'relay', at, detail: { before: 'active', after: 'paused', reason: 'background-check-expired', mentorId: personId } });
        }
        const responsibleId = await personResponsibleFor(trx, seedTasks.backgroundChecks);
        const responsible = responsibleId === null ? undefined : await nameAndAddress(trx, responsibleId);
        const recipients =
          responsible?.email ? [{ name: responsible.name, email: responsible.email }] : (await coordinatorAccounts(trx)).map((c) => ({ name: c.name, email: c.email.toLowerCase() }));
        const detail: ExpiryDetail = {
          mentorId: personId,
          mentorName: mentor?.name ?? `person ${personId}`,
          expiredAt: toIso(current.expires_at ?? at),
          pairs: pairs.map((p) => ({ id: p.id, alias: pairAddress(p.alias, this.domain), protegeName: p.protege_name })),
          recipients,
          responsible: responsible?.email ? 'task' : 'coordinators',
        };
        const eventId = await recordProgramEvent(trx, { entity: 'onboarding', entityId: personId, type: 'background-check-expired', actor: 'relay', at, detail: { ...detail } });
        await queueLifecycleMails(trx, eventId, [...new Set(recipients.map((r) => r.email))], at);
        out.push({ mentorId: personId, pausedPairs: pairs.map((p) => p.id), notified: recipients.map((r) => r.email) });
      }
      return out;
    });
    for (const o of outcomes) {
      this.log.warn({ mentorId: o.mentorId, pausedPairs: o.pausedPairs, notified: o.notified.length }, 'background check expired: pairs paused');
      if (o.notified.length === 0) this.log.error({ mentorId: o.mentorId }, 'background check expired and nobody could be told: assign "performing background checks on potential mentors" or add a coordinator account');
    }
    if (outcomes.some((o) => o.notified.length > 0)) this.onQueued();
    return outcomes;
  }
}
