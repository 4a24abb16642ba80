import type { Migration } from 'kysely';
import * as coreRelay from './2026-11-28-core-relay.js';
import * as reviewPage from './2026-11-28-review-page.js';
import * as screening from './2026-11-28-screening.js';
import * as senderAuth from './2026-12-02-sender-auth.js';
import * as importUploads from './2026-12-03-import-uploads.js';
import * as responsibilities from './2026-12-03-responsibilities.js';
import * as sessionOwner from './2026-12-03-session-owner.js';
import * as onboardingSteps from './2026-12-04-onboarding-steps.js';
import * as guardiansCommunications from './2026-12-05-guardians-communications.js';
import * as pairLifecycle from './2026-12-05-pair-lifecycle.js';
import * as reportIndexes from './2026-12-06-report-indexes.js';

/** Every migration, by name; names sort in the order they apply. */
export const migrations: Record<string, Migration> = {
  '2026-11-28-core-relay': coreRelay,
  '2026-11-28-review-page': reviewPage,
  '2026-11-28-screening': screening,
  '2026-12-02-sender-auth': senderAuth,
  '2026-12-03-import-uploads': importUploads,
  '2026-12-03-responsibilities': responsibilities,
  '2026-12-03-session-owner': sessionOwner,
  '2026-12-04-onboarding-steps': onboardingSteps,
  '2026-12-05-guardians-communications': guardiansCommunications,
  '2026-12-05-pair-lifecycle': pairLifecycle,
  '2026-12-06-report-indexes': reportIndexes,
};
