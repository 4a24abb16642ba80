import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { NewOnboardingStep } from './onboarding.table.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Every attempt at every step of one person's onboarding, in the order recorded. */
export const listOnboardingSteps = (db: Db, personId: number) =>
  db.selectFrom('onboarding_steps').selectAll().where('person_id', '=', personId).orderBy('id').execute();

export const insertOnboardingStep = (trx: Transaction<Database>, row: NewOnboardingStep) =>
  trx.insertInto('onboarding_steps').values(row).returningAll().executeTakeFirstOrThrow();
