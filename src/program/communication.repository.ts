import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import { CHECK_IN, type NewCommunication } from './communication.table.js';

type Db = Kysely<Database> | Transaction<Database>;

export const insertCommunication = (trx: Transaction<Database>, row: NewCommunication) =>
  trx.insertInto('communications').values(row).returningAll().executeTakeFirstOrThrow();

export const findCommunication = (db: Db, id: number) => db.selectFrom('communications').selectAll().where('id', '=', id).executeTakeFirst();

export const setFollowUpDoneAt = (trx: Transaction<Database>, id: number, doneAt: number | null) =>
  trx.updateTable('communications').set({ follow_up_done_at: doneAt }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

/** The log, newest first: of one person, and only the entries whose follow-up is still open. */
export function listCommunications(db: Db, filter: { personId?: number; openFollowUp?: boolean }) {
  let q = db.selectFrom('communications').selectAll();
  if (filter.personId !== undefined) q = q.where('person_id', '=', filter.personId);
  if (filter.openFollowUp) q = q.where('follow_up_due', 'is not', null).where('follow_up_done_at', 'is', null);
  return q.orderBy('at', 'desc').orderBy('id', 'desc').execute();
}

/**
 * Every mentor and protégé of an active or paused pair (a pending or closed one does not count),
 * once each: their role and name, the earliest start of those pairs, and their latest check-in.
 */
function candidates(db: Db) {
  const open = ['active', 'paused'] as const;
  const mentors = db.selectFrom('pairs').select(['mentor_id as person_id', 'started_at']).where('status', 'in', open);
  const proteges = db.selectFrom('pairs').select(['protege_id as person_id', 'started_at']).where('status', 'in', open);
  const grouped = db
    .selectFrom(mentors.unionAll(proteges).as('s'))
    .innerJoin('people as p', 'p.id', 's.person_id')
    .select(['s.person_id', 'p.name', 'p.role'])
    .select((eb) => [
      eb.fn.min('s.started_at').as('pair_started_at'),
      eb
        .selectFrom('communications as c')
        .select((c) => c.fn.max('c.at').as('at'))
        .whereRef('c.person_id', '=', 's.person_id')
        .where('c.kind', '=', CHECK_IN)
        .as('last_check_in_at'),
    ])
    .groupBy(['s.person_id', 'p.name', 'p.role']);
  return db.selectFrom(grouped.as('x'));
}

/** What a check-in is due from: the last one, or the start of the person's first open pair. */
const dueFrom = (eb: ExpressionBuilder<{ x: { last_check_in_at: number | null; pair_started_at: number } }, 'x'>) => eb.fn.coalesce('x.last_check_in_at', 'x.pair_started_at');

export function checkInCandidates(db: Db) {
  // In the order they fall due (the same number of days after each one's start), so sorting them
  // again costs one pass.
  return candidates(db).selectAll().orderBy(dueFrom).orderBy('x.person_id').execute();
}

/**
 * The candidates whose check-in was due by now (nothing since `cutoff`, now minus the days between
 * check-ins), the most overdue first, at most `limit`; each row also says how many there are in all.
 */
export function overdueCheckInCandidates(db: Db, cutoff: number, limit: number) {
  return candidates(db)
    .selectAll()
    .select((eb) => eb.fn.countAll<number>().over().as('overdue'))
    .where((eb) => eb(dueFrom(eb), '<=', cutoff))
    .orderBy(dueFrom)
    .orderBy('x.person_id')
    .limit(limit)
    .execute();
}
