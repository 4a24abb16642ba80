import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** A mentor's onboarding, in order (DESIGN.md "Participant lifecycle"). */
export const mentorSteps = ['applied', 'application-reviewed', 'background-check', 'approved', 'notified', 'oriented'] as const;
/** A protégé's onboarding, in order. */
export const protegeSteps = ['enrolled', 'eligibility-reviewed', 'parental-permission', 'approved', 'oriented'] as const;
export const onboardingSteps = [...new Set([...mentorSteps, ...protegeSteps])] as readonly OnboardingStep[];
export type OnboardingStep = (typeof mentorSteps)[number] | (typeof protegeSteps)[number];

/** What a recorded step can be: `cleared` is a background check's word for done. */
export const onboardingStatuses = ['done', 'cleared', 'failed'] as const;
export type OnboardingStatus = (typeof onboardingStatuses)[number];

/** One attempt at one step: a new attempt is a new row, so the history keeps every one. */
export interface OnboardingStepTable {
  id: Generated<number>;
  person_id: number;
  step: OnboardingStep;
  status: OnboardingStatus;
  /** When the step happened (from the request, or the relay's clock). */
  at: number;
  actor: string;
  note: string | null;
  /** A cleared background check's expiry. */
  expires_at: number | null;
  /** The guardian who gave a parental permission; guardians get their own table in a later slice. */
  guardian_id: number | null;
  recorded_at: number;
  /** When the relay noticed that this cleared check expired (it pauses the pairs and mails once). */
  expiry_noticed_at: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface OnboardingTables {
  onboarding_steps: OnboardingStepTable;
}

export type OnboardingStepRow = Selectable<OnboardingStepTable>;
export type NewOnboardingStep = Insertable<OnboardingStepTable>;
