import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

/**
 * Each person's first completed record of each step (done, or cleared for a background check) in
 * [start, end), with their role and organization: a step recorded twice counts once, in its first week.
 */
export const stepsReachedBetween = (db: Kysely<Database>, start: number, end: number) =>
  db
    .selectFrom('onboarding_steps as s')
    .innerJoin('people as p', 'p.id', 's.person_id')
    .select(['s.person_id', 's.step', 'p.role', 'p.organization_id'])
    .select((eb) => eb.fn.min('s.at').as('at'))
    .where('s.status', 'in', ['done', 'cleared'])
    .where('p.role', 'in', ['mentor', 'protege'])
    .groupBy(['s.person_id', 's.step', 'p.role', 'p.organization_id'])
    .having((eb) => eb.fn.min('s.at'), '>=', start)
    .having((eb) => eb.fn.min('s.at'), '<', end)
    .execute();

/** How many mentors and protégés have completed each step by `end`, by role. */
export const stepsReachedBy = (db: Kysely<Database>, end: number) =>
  db
    .selectFrom('onboarding_steps as s')
    .innerJoin('people as p', 'p.id', 's.person_id')
    .select(['p.role', 's.step'])
    .select((eb) => eb.fn.count<number>('s.person_id').distinct().as('n'))
    .where('s.status', 'in', ['done', 'cleared'])
    .where('s.at', '<', end)
    .where('p.role', 'in', ['mentor', 'protege'])
    .groupBy(['p.role', 's.step'])
    .execute();

/** The mentors and protégés the program has, by role and organization. */
export const participantsByOrganization = (db: Kysely<Database>) =>
  db
    .selectFrom('people as p')
    .leftJoin('organizations as o', 'o.id', 'p.organization_id')
    .select(['p.role', 'p.organization_id', 'o.name as organization'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('p.role', 'in', ['mentor', 'protege'])
    .groupBy(['p.role', 'p.organization_id', 'o.name'])
    .execute();

/**
 * Contacts staff had in [start, end) by the contacted person's role, with the check-ins among them,
 * and the follow-ups open now (all of them, whenever logged) and overdue at `now`.
 */
export const communicationsByRole = (db: Kysely<Database>, start: number, end: number, now: number) =>
  db
    .selectFrom('communications as c')
    .innerJoin('people as p', 'p.id', 'c.person_id')
    .select('p.role')
    .select((eb) => [
      eb.fn.sum<number>(eb.case().when(eb.and([eb('c.at', '>=', start), eb('c.at', '<', end)])).then(1).else(0).end()).as('contacts'),
      eb.fn.sum<number>(eb.case().when(eb.and([eb('c.at', '>=', start), eb('c.at', '<', end), eb('c.kind', '=', 'check-in')])).then(1).else(0).end()).as('check_ins'),
      eb.fn.sum<number>(eb.case().when(eb.and([eb('c.follow_up_due', 'is not', null), eb('c.follow_up_done_at', 'is', null)])).then(1).else(0).end()).as('open_follow_ups'),
      eb.fn.sum<number>(eb.case().when(eb.and([eb('c.follow_up_due', '<', now), eb('c.follow_up_done_at', 'is', null)])).then(1).else(0).end()).as('overdue_follow_ups'),
    ])
    .groupBy('p.role')
    .execute();

/** The tasks of the responsibility matrix in use, with what is missing from each. */
export const responsibilityCoverage = (db: Kysely<Database>) =>
  db
    .selectFrom('responsibilities as r')
    .leftJoin('organizations as o', 'o.id', 'r.organization_id')
    .select(['r.id', 'r.task', 'r.organization_id', 'r.person_id', 'o.name as organization'])
    .where('r.retired', '=', 0)
    .orderBy('r.position')
    .orderBy('r.id')
    .execute();

