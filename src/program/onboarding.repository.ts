import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { NewOnboardingStep } from './onboarding.table.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Every attempt at every step of one person's onboarding, in the order recorded. */
export const listOnboardingSteps = (db: Db, personId: number) =>
  db.selectFrom('onboarding_steps').selectAll().where('person_id', '=', personId).orderBy('id').execute();

/** Every attempt of several people, in the order recorded; asked 500 people at a time (a bound list of parameters). */
export async function listOnboardingStepsOf(db: Db, personIds: readonly number[]) {
  const rows = [];
  for (let i = 0; i < personIds.length; i += 500) {
    rows.push(...(await db.selectFrom('onboarding_steps').selectAll().where('person_id', 'in', personIds.slice(i, i + 500)).execute()));
  }
  return rows.sort((a, b) => a.id - b.id);
}

/** Cleared background checks past their expiry that the relay has not acted on yet, oldest first. */
export const unnoticedExpiredChecks = (db: Db, at: number) =>
  db
    .selectFrom('onboarding_steps')
    .selectAll()
    .where('step', '=', 'background-check')
    .where('status', '=', 'cleared')
    .where('expires_at', '<=', at)
    .where('expiry_noticed_at', 'is', null)
    .orderBy('expires_at')
    .orderBy('id')
    .execute();

export const markExpiryNoticed = (trx: Transaction<Database>, ids: readonly number[], at: number) =>
  trx.updateTable('onboarding_steps').set({ expiry_noticed_at: at }).where('id', 'in', [...ids]).execute();

export const insertOnboardingStep = (trx: Transaction<Database>, row: NewOnboardingStep) =>
  trx.insertInto('onboarding_steps').values(row).returningAll().executeTakeFirstOrThrow();
