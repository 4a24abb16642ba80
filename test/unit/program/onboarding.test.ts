import { describe, expect, it } from 'vitest';
import { isComplete, validateStep, type Attempt } from '../../../src/program/onboarding.model.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 25);
const done = (step: Attempt['step'], at = T0): Attempt => ({ step, status: 'done', at, expiresAt: null });
const cleared = (expiresAt: number, at = T0): Attempt => ({ step: 'background-check', status: 'cleared', at, expiresAt });
const failed = (step: Attempt['step'], at = T0): Attempt => ({ step, status: 'failed', at, expiresAt: null });
const input = (step: string, status: Attempt['status'] = 'done', expiresAt: number | null = null, at = T0 + DAY) => ({ step, status, at, expiresAt });

const mentorUpToCheck = [done('applied'), done('application-reviewed')];

describe('validateStep', () => {
  it('allows the first step, and each step once the one before it is done', () => {
    expect(validateStep('mentor', [], input('applied'))).toBeNull();
    expect(validateStep('mentor', mentorUpToCheck, input('background-check', 'cleared', T0 + 365 * DAY))).toBeNull();
    expect(validateStep('protege', [done('enrolled'), done('eligibility-reviewed'), done('parental-permission')], input('approved'))).toBeNull();
  });

  it("refuses a step of the other role, naming the role's steps", () => {
    expect(validateStep('protege', [], input('background-check', 'cleared', T0 + DAY * 9))).toEqual({
      field: 'step',
      message: '"background-check" is not a step of a protégé\'s onboarding (enrolled, eligibility-reviewed, parental-permission, approved, oriented)',
    });
    expect(validateStep('mentor', [], input('parental-permission'))?.field).toBe('step');
  });

  it('refuses a step whose prerequisite is missing, naming the first one missing', () => {
    expect(validateStep('mentor', [], input('application-reviewed'))).toEqual({ field: 'step', message: 'application-reviewed needs applied first' });
    expect(validateStep('mentor', mentorUpToCheck, input('approved'))).toEqual({ field: 'step', message: 'approved needs background-check first' });
    expect(validateStep('protege', [done('enrolled'), done('eligibility-reviewed')], input('approved'))).toEqual({ field: 'step', message: 'approved needs parental-permission first' });
  });

  it('stops the pipeline after a failed step until a new attempt of it is done', () => {
    const stopped = [...mentorUpToCheck, failed('background-check')];
    expect(validateStep('mentor', stopped, input('approved'))).toEqual({ field: 'step', message: 'background-check failed on 2026-11-25: record a new attempt of background-check before approved' });
    expect(validateStep('mentor', stopped, input('background-check', 'cleared', T0 + 365 * DAY))).toBeNull();
    expect(validateStep('mentor', [...stopped, cleared(T0 + 365 * DAY)], input('approved'))).toBeNull();
  });

  it('treats an expired background check as missing', () => {
    expect(validateStep('mentor', [...mentorUpToCheck, cleared(T0 + DAY / 2)], input('approved'))).toEqual({
      field: 'step',
      message: 'the background check expired on 2026-11-25: record a new one before approved',
    });
  });

  it('fits the status to the step: a background check is cleared (with an expiry) or failed', () => {
    expect(validateStep('mentor', mentorUpToCheck, input('background-check', 'done'))?.field).toBe('status');
    expect(validateStep('mentor', [], input('applied', 'cleared', T0 + 9 * DAY))?.field).toBe('status');
    expect(validateStep('mentor', mentorUpToCheck, input('background-check', 'cleared', null))?.field).toBe('expiresAt');
    expect(validateStep('mentor', mentorUpToCheck, input('background-check', 'cleared', T0))?.field).toBe('expiresAt');
    expect(validateStep('mentor', mentorUpToCheck, input('background-check', 'failed'))).toBeNull();
  });
});

describe('isComplete', () => {
  const mentor = [...mentorUpToCheck, cleared(T0 + 365 * DAY), done('approved'), done('notified'), done('oriented')];
  it('is true when every step is done, and a mentor’s check has not expired', () => {
    expect(isComplete('mentor', mentor, T0 + DAY)).toBe(true);
    expect(isComplete('mentor', mentor, T0 + 366 * DAY)).toBe(false);
    expect(isComplete('mentor', mentor.slice(0, -1), T0 + DAY)).toBe(false);
    expect(isComplete('protege', [done('enrolled'), done('eligibility-reviewed'), done('parental-permission'), done('approved'), done('oriented')], T0)).toBe(true);
  });

  it('is false when a later attempt of a step failed', () => {
    expect(isComplete('mentor', [...mentor, failed('background-check')], T0 + DAY)).toBe(false);
  });
});
