import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../db/clock.js';
import type { Database } from '../db/database.js';
import { toIso, toIsoOrNull } from '../db/time.js';
import { DomainError, notFound, unprocessable } from '../errors.js';
import { isGuardianOf } from './guardian.repository.js';
import { isComplete, latestByStep, missingSteps, stepsOf, validateStep, type OnboardingRole } from './onboarding.model.js';
import * as repo from './onboarding.repository.js';
import type { OnboardingStatus, OnboardingStep, OnboardingStepRow } from './onboarding.table.js';
import { plainText } from './program.model.js';
import { findPerson } from './program.repository.js';
import { recordProgramEvent } from './program-event.repository.js';
import { openReadyPairs, pauseUnclearedPairs } from './pair-readiness.js';

export interface PipelineStep {
  step: OnboardingStep;
  /** `pending` until the step is recorded. */
  status: OnboardingStatus | 'pending';
  at: string | null;
  actor: string | null;
  note: string | null;
  expiresAt: string | null;
}

export interface Pipeline {
  personId: number;
  role: OnboardingRole;
  complete: boolean;
  steps: PipelineStep[];
}

export interface StepRecord {
  step: string;
  status: OnboardingStatus;
  /** ISO 8601; the relay's clock when absent. */
  at?: string;
  note?: string;
  expiresAt?: string;
  guardianId?: number | null;
}

/** A step refused by the rules: 422 with a code of its own, naming the field. */
const refused = (field: string, message: string) => new DomainError('unprocessable', `${field}: ${message}`, field, 'step_not_allowed');

const attemptOf = (r: OnboardingStepRow) => ({ step: r.step, status: r.status, at: r.at, expiresAt: r.expires_at });

/**
 * Onboarding pipelines: the steps a mentor or a protégé goes through before they may be paired. Each
 * attempt is one row and one program event, in one transaction; the pipeline shows the latest of each.
 */
export class OnboardingService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async get(personId: number): Promise<Pipeline> {
    const role = await this.roleOf(this.db, personId);
    return this.pipeline(personId, role, await repo.listOnboardingSteps(this.db, personId));
  }

  /**
   * Where each mentor and protégé stands, for a list: complete, or the first step not done (and
   * whether it failed). Others are left out.
   */
  async standings(people: readonly { id: number; role: string }[]): Promise<Map<number, { complete: boolean; next: OnboardingStep | null; failed: boolean }>> {
    const withPipeline = people.filter((p): p is { id: number; role: OnboardingRole } => p.role === 'mentor' || p.role === 'protege');
    const rows = await repo.listOnboardingStepsOf(this.db, withPipeline.map((p) => p.id));
    const byPerson = new Map<number, OnboardingStepRow[]>();
    for (const r of rows) byPerson.set(r.person_id, [...(byPerson.get(r.person_id) ?? []), r]);
    const now = this.clock.now();
    return new Map(
      withPipeline.map((p) => {
        const attempts = (byPerson.get(p.id) ?? []).map(attemptOf);
        const next = missingSteps(p.role, attempts, now)[0] ?? null;
        return [p.id, { complete: next === null, next, failed: next !== null && latestByStep(attempts).get(next)?.status === 'failed' }];
      }),
    );
  }

  async record(personId: number, input: StepRecord, actor: string): Promise<Pipeline> {
    return (await this.recordStep(personId, input, actor)).pipeline;
  }

  /** Records a step; resolves the pipeline and the ids of the pairs that step opened (or resumed). */
  async recordStep(personId: number, input: StepRecord, actor: string): Promise<{ pipeline: Pipeline; openedPairs: number[]; pausedPairs: number[] }> {
    const at = input.at === undefined ? this.clock.now() : Date.parse(input.at);
    // A step is recorded once it has happened (a few minutes of a client's clock running ahead aside).
    if (at > this.clock.now() + 5 * 60_000) throw refused('at', `${toIso(at)} is in the future; record a step once it has happened`);
    const expiresAt = input.expiresAt === undefined ? null : Date.parse(input.expiresAt);
    const note = input.note === undefined || input.note.trim() === '' ? null : plainText('note', input.note.trim());
    const { role, rows, openedPairs, pausedPairs } = await this.db.transaction().execute(async (trx) => {
      const role = await this.roleOf(trx, personId);
      const before = await repo.listOnboardingSteps(trx, personId);
      const refusal = validateStep(role, before.map(attemptOf), { step: input.step, status: input.status, at, expiresAt });
      if (refusal) throw refused(refusal.field, refusal.message);
      // A parental permission names the guardian who gave it: one of this protégé's, and only there.
      if (input.guardianId != null) {
        if (input.step !== 'parental-permission') throw unprocessable('guardianId', 'only a parental permission names a guardian');
        if (!(await isGuardianOf(trx, personId, input.guardianId))) throw unprocessable('guardianId', `person ${input.guardianId} is not a guardian of person ${personId}; add them with POST /api/people/${personId}/guardians`);
      }
      // A check recorded late may be over already: it could not clear anyone today.
      if (input.status === 'cleared' && expiresAt !== null && expiresAt <= this.clock.now()) throw refused('expiresAt', 'the background check has already expired');
      const step = input.step as OnboardingStep;
      const row = await repo.insertOnboardingStep(trx, {
        person_id: personId,
        step,
        status: input.status,
        at,
        actor,
        note,
        expires_at: expiresAt,
        guardian_id: input.guardianId ?? null,
        recorded_at: this.clock.now(),
      });
      const previous = latestByStep(before.map(attemptOf)).get(step);
      await this.event(trx, personId, actor, { role, step, before: previous ? { status: previous.status } : null, after: { status: row.status, at: toIso(at), note, expiresAt: toIsoOrNull(expiresAt), guardianId: row.guardian_id } });
      // The last step of the second participant opens their pair; a failed one pauses theirs: in this same transaction.
      const pausedPairs = row.status === 'failed' ? await pauseUnclearedPairs(trx, personId, step, this.clock.now(), actor) : [];
      const openedPairs = row.status === 'failed' ? [] : await openReadyPairs(trx, personId, this.clock.now(), actor);
      return { role, rows: [...before, row], openedPairs, pausedPairs };
    });
    return { pipeline: this.pipeline(personId, role, rows), openedPairs, pausedPairs };
  }

  private async event(trx: Transaction<Database>, personId: number, actor: string, detail: Record<string, unknown>) {
    await recordProgramEvent(trx, { entity: 'onboarding', entityId: personId, type: 'step-recorded', actor, at: this.clock.now(), detail });
  }

  /** Only mentors and protégés have a pipeline; an unknown person is 404. */
  private async roleOf(db: Kysely<Database> | Transaction<Database>, personId: number): Promise<OnboardingRole> {
    const person = await findPerson(db, personId);
    if (!person) throw notFound(`person ${personId}`);
    if (person.role !== 'mentor' && person.role !== 'protege') {
      throw refused('step', `person ${person.id} (${person.name}) is ${person.role === 'staff' ? 'staff' : `a ${person.role}`}; only mentors and protégés have an onboarding pipeline`);
    }
    return person.role;
  }

  private pipeline(personId: number, role: OnboardingRole, rows: OnboardingStepRow[]): Pipeline {
    const latest = latestByStep(rows);
    const steps = stepsOf(role).map((step): PipelineStep => {
      const r = latest.get(step);
      return r
        ? { step, status: r.status, at: toIso(r.at), actor: r.actor, note: r.note, expiresAt: toIsoOrNull(r.expires_at) }
        : { step, status: 'pending', at: null, actor: null, note: null, expiresAt: null };
    });
    return { personId, role, complete: isComplete(role, rows.map(attemptOf), this.clock.now()), steps };
  }
}
