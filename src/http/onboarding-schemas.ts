import Type from 'typebox';
import { onboardingStatuses, onboardingSteps } from '../program/onboarding.table.js';
import { Nullable, OneOf } from './schemas.js';

const When = Type.String({ format: 'date-time' });

export const PipelineStep = Type.Object({
  step: OneOf(onboardingSteps),
  status: OneOf([...onboardingStatuses, 'pending'] as const, { description: '`pending` until the step is recorded; then the latest attempt’s' }),
  at: Nullable(When),
  actor: Nullable(Type.String({ description: 'The staff account or token that recorded it' })),
  note: Nullable(Type.String()),
  expiresAt: Nullable(Type.String({ format: 'date-time', description: "A cleared background check's expiry" })),
});

export const Pipeline = Type.Object(
  {
    personId: Type.Integer(),
    role: OneOf(['mentor', 'protege'] as const),
    complete: Type.Boolean({ description: "Every step done (a mentor's background check cleared and not expired)" }),
    steps: Type.Array(PipelineStep, { description: "Every step of the person's role, in order" }),
  },
  { description: "A mentor's or a protégé's onboarding pipeline" },
);

export const NewStep = Type.Object(
  {
    step: Type.String({ minLength: 1, maxLength: 50, description: 'Mentor: applied, application-reviewed, background-check, approved, notified, oriented; protégé: enrolled, eligibility-reviewed, parental-permission, approved, oriented' }),
    status: OneOf(onboardingStatuses, { description: 'done or failed; a background check is cleared or failed' }),
    at: Type.Optional(Type.String({ format: 'date-time', description: "When it happened; the relay's clock when absent" })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    expiresAt: Type.Optional(Type.String({ format: 'date-time', description: 'Required for a cleared background check' })),
    guardianId: Type.Optional(Nullable(Type.Integer({ minimum: 1, description: 'The guardian who gave a parental permission' }))),
  },
  { additionalProperties: false },
);
