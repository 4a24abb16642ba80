import type { Kysely, Transaction } from 'kysely';
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
export function checkInCandidates(db: Db) {
  const open = ['active', 'paused'] as const;
  const mentors = db.selectFrom('pairs').select(['mentor_id as person_id', 'started_at']).where('status', 'in', open);
  const proteges = db.selectFrom('pairs').select(['protege_id as person_id', 'started_at']).where('status', 'in', open);
  return db
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
    .groupBy(['s.person_id', 'p.name', 'p.role'])
    .execute();
}
