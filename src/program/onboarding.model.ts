import { mentorSteps, protegeSteps, type OnboardingStatus, type OnboardingStep } from './onboarding.table.js';

/** The roles that have an onboarding pipeline. */
export type OnboardingRole = 'mentor' | 'protege';

/** What the rules need of a recorded attempt. */
export interface Attempt {
  step: OnboardingStep;
  status: OnboardingStatus;
  at: number;
  expiresAt: number | null;
}

export interface StepInput {
  step: string;
  status: OnboardingStatus;
  at: number;
  expiresAt: number | null;
}

/** Why a step is refused, with the input field at fault. */
export interface Refusal {
  field: 'step' | 'status' | 'expiresAt';
  message: string;
}

export const stepsOf = (role: OnboardingRole): readonly OnboardingStep[] => (role === 'mentor' ? mentorSteps : protegeSteps);

const roleName = (role: OnboardingRole) => (role === 'mentor' ? 'a mentor' : 'a protégé');

/** The latest attempt of each step (attempts in the order they were recorded). */
export function latestByStep<A extends { step: OnboardingStep }>(attempts: readonly A[]): Map<OnboardingStep, A> {
  const latest = new Map<OnboardingStep, A>();
  for (const a of attempts) latest.set(a.step, a);
  return latest;
}

/**
 * Whether an attempt counts as done at `at`: `done`, or for a background check `cleared` and not yet
 * expired (an expired check is as good as none: the mentor must be checked again).
 */
export function isDone(a: Attempt | undefined, at: number): boolean {
  if (!a) return false;
  if (a.step === 'background-check') return a.status === 'cleared' && a.expiresAt !== null && a.expiresAt > at;
  return a.status === 'done';
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Whether `input` may be recorded after `attempts`, or why not. A step belongs to the person's role;
 * its status fits it (a background check is `cleared` or `failed`, with an expiry when cleared); and
 * every step before it is done at `input.at`. So a failed step stops the pipeline until a new attempt
 * of it is recorded, and a step may always be attempted again once the steps before it are done.
 */
export function validateStep(role: OnboardingRole, attempts: readonly Attempt[], input: StepInput): Refusal | null {
  const steps = stepsOf(role);
  const index = steps.indexOf(input.step as OnboardingStep);
  if (index < 0) return { field: 'step', message: `${JSON.stringify(input.step)} is not a step of ${roleName(role)}'s onboarding (${steps.join(', ')})` };
  const check = input.step === 'background-check';
  if (check && input.status === 'done') return { field: 'status', message: 'a background check is cleared or failed' };
  if (!check && input.status === 'cleared') return { field: 'status', message: `${input.step} is done or failed (only a background check is cleared)` };
  if (input.status === 'cleared' && input.expiresAt === null) return { field: 'expiresAt', message: 'a cleared background check needs its expiry date' };
  if (input.status === 'cleared' && input.expiresAt !== null && input.expiresAt <= input.at) return { field: 'expiresAt', message: 'the background check has already expired' };
  const latest = latestByStep(attempts);
  for (const before of steps.slice(0, index)) {
    const a = latest.get(before);
    if (isDone(a, input.at)) continue;
    if (!a) return { field: 'step', message: `${input.step} needs ${before} first` };
    if (a.status === 'failed') return { field: 'step', message: `${before} failed on ${day(a.at)}: record a new attempt of ${before} before ${input.step}` };
    return { field: 'step', message: `the background check expired on ${day(a.expiresAt ?? a.at)}: record a new one before ${input.step}` };
  }
  return null;
}

/**
 * Whether the person is ready to be paired at `now`: the latest attempt of every step of their role
 * is done (so approved and oriented, and nothing before them failed since), and a mentor's
 * background check has not expired.
 */
export function isComplete(role: OnboardingRole, attempts: readonly Attempt[], now: number): boolean {
  const latest = latestByStep(attempts);
  return stepsOf(role).every((s) => isDone(latest.get(s), now));
}

/** The steps of the role not done at `now`, in order: what stands between the person and a pair. */
export function missingSteps(role: OnboardingRole, attempts: readonly Attempt[], now: number): OnboardingStep[] {
  const latest = latestByStep(attempts);
  return stepsOf(role).filter((s) => !isDone(latest.get(s), now));
}
