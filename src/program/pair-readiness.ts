import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import { toIso } from '../db/time.js';
import { missingSteps } from './onboarding.model.js';
import { listOnboardingStepsOf } from './onboarding.repository.js';
import type { OnboardingStep } from './onboarding.table.js';
import { activePairsOf, pairsAwaitingOnboarding, setPairState } from './pair-lifecycle.repository.js';
import { recordProgramEvent } from './program-event.repository.js';
import type { PairRow, PairStatus } from './program.table.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A step one participant of a pair still has to complete before the pair opens. */
export interface MissingStep {
  personId: number;
  step: OnboardingStep;
}

/** What the gate reads of a pair. */
type Participants = Pick<PairRow, 'mentor_id' | 'protege_id'>;

/**
 * Every step the mentor, then the protégé, of each pair has not done at `at` (an expired background
 * check counts as not done), keyed by the pair's position in `pairs`.
 */
export async function missingOfPairs(db: Db, pairs: readonly Participants[], at: number): Promise<MissingStep[][]> {
  const ids = [...new Set(pairs.flatMap((p) => [p.mentor_id, p.protege_id]))];
  const byPerson = new Map<number, Parameters<typeof missingSteps>[1][number][]>();
  for (const r of await listOnboardingStepsOf(db, ids)) {
    byPerson.set(r.person_id, [...(byPerson.get(r.person_id) ?? []), { step: r.step, status: r.status, at: r.at, expiresAt: r.expires_at }]);
  }
  const of = (personId: number, role: 'mentor' | 'protege') => missingSteps(role, byPerson.get(personId) ?? [], at).map((step) => ({ personId, step }));
  return pairs.map((p) => [...of(p.mentor_id, 'mentor'), ...of(p.protege_id, 'protege')]);
}

export async function missingOfPair(db: Db, pair: Participants, at: number): Promise<MissingStep[]> {
  return (await missingOfPairs(db, [pair], at))[0]!;
}

/**
 * The status a new pair starts in: `active` when onboarding is not required or both have completed
 * it, `pending` otherwise (with what is missing).
 */
export async function initialPairStatus(db: Db, pair: Participants, at: number, requireOnboarding: boolean): Promise<{ status: PairStatus; missing: MissingStep[] }> {
  if (!requireOnboarding) return { status: 'active', missing: [] };
  const missing = await missingOfPair(db, pair, at);
  return { status: missing.length === 0 ? 'active' : 'pending', missing };
}

/** "mentor 3: background-check, approved; protégé 4: oriented": what a refusal or a page says is missing. */
export function describeMissing(missing: readonly MissingStep[], names: ReadonlyMap<number, string> = new Map()): string {
  const byPerson = new Map<number, string[]>();
  for (const m of missing) byPerson.set(m.personId, [...(byPerson.get(m.personId) ?? []), m.step]);
  return [...byPerson].map(([id, steps]) => `${names.get(id) ?? `person ${id}`}: ${steps.join(', ')}`).join('; ');
}

/**
 * After a failed step of `personId` is recorded, in the same transaction: each of their active pairs
 * is paused by the relay (`onboarding-failed`: alias 550 5.2.1, forwards wait, nothing can be
 * approved), with an event. A person who fails a step (a withdrawn permission, a failed re-check) is
 * no longer cleared; the pair resumes by itself once a new attempt completes their onboarding.
 */
export async function pauseUnclearedPairs(trx: Transaction<Database>, personId: number, step: OnboardingStep, at: number, actor: string): Promise<number[]> {
  const pairs = await activePairsOf(trx, personId);
  for (const pair of pairs) {
    await setPairState(trx, pair.id, { status: 'paused', status_reason: 'onboarding-failed' });
    await recordProgramEvent(trx, { entity: 'pair', entityId: pair.id, type: 'paused', actor, at, detail: { before: 'active', after: 'paused', reason: 'onboarding-failed', personId, step } });
  }
  return pairs.map((p) => p.id);
}

/**
 * After a step of `personId` is recorded, in the same transaction: each of their pairs that waited
 * for onboarding opens when nothing is missing any more, with an event. A pending pair opens (and
 * starts now); a pair the relay paused for an expired background check resumes. Resolves the ids.
 */
export async function openReadyPairs(trx: Transaction<Database>, personId: number, at: number, actor: string): Promise<number[]> {
  const waiting = await pairsAwaitingOnboarding(trx, personId);
  const missing = await missingOfPairs(trx, waiting, at);
  const opened: number[] = [];
  for (const [i, pair] of waiting.entries()) {
    if (missing[i]!.length > 0) continue;
    const pending = pair.status === 'pending';
    await setPairState(trx, pair.id, { status: 'active', status_reason: null, ...(pending ? { started_at: at } : {}) });
    await recordProgramEvent(trx, {
      entity: 'pair',
      entityId: pair.id,
      type: pending ? 'opened' : 'resumed',
      actor,
      at,
      detail: { before: pair.status, after: 'active', reason: pending ? 'both participants completed onboarding' : 'both participants are cleared again', startedAt: toIso(pending ? at : pair.started_at) },
    });
    opened.push(pair.id);
  }
  return opened;
}
