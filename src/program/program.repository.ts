import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { NewPair, PairStatus, PairStatusReason, PersonRole } from './program.table.js';

/** Every query takes the database or an open transaction. */
type Db = Kysely<Database> | Transaction<Database>;

export const findOrganization = (db: Db, id: number) =>
  db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();

export const listOrganizations = (db: Db) => db.selectFrom('organizations').selectAll().orderBy('id').execute();

export const findPerson = (db: Db, id: number) =>
  db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();

export const findPersonByEmail = (db: Db, address: string) =>
  db
    .selectFrom('person_emails')
    .innerJoin('people', 'people.id', 'person_emails.person_id')
    .selectAll('people')
    .where('person_emails.address', '=', address.toLowerCase())
    .executeTakeFirst();

export const listPeople = (db: Db) => db.selectFrom('people').selectAll().orderBy('id').execute();

/** The addresses of these people, each person's first one first; asked in chunks (SQLite takes at most 32,766 variables a query). */
export async function emailsOf(db: Db, personIds: number[]): Promise<{ person_id: number; address: string }[]> {
  const out: { person_id: number; address: string; created_at: number }[] = [];
  for (let i = 0; i < personIds.length; i += 500) {
    const chunk = personIds.slice(i, i + 500);
    out.push(...(await db.selectFrom('person_emails').select(['person_id', 'address', 'created_at']).where('person_id', 'in', chunk).execute()));
  }
  return out.sort((a, b) => a.created_at - b.created_at || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0)).map(({ person_id, address }) => ({ person_id, address }));
}

export const findPair = (db: Db, id: number) => db.selectFrom('pairs').selectAll().where('id', '=', id).executeTakeFirst();

export const findPairByAlias = (db: Db, alias: string) =>
  db.selectFrom('pairs').selectAll().where('alias', '=', alias.toLowerCase()).executeTakeFirst();

export const listPairs = (db: Db) => db.selectFrom('pairs').selectAll().orderBy('id').execute();

/** A person's first address, the one mail is forwarded to, as a correlated subquery on `personIdColumn`. */
export const primaryEmail = (personIdColumn: string) =>
  sql<string | null>`(select e.address from person_emails e where e.person_id = ${sql.ref(personIdColumn)} order by e.created_at, e.address limit 1)`;

// ---- The coordinator pages: organizations, people and pairs as a coordinator edits and reviews them.


export const updateOrganization = (db: Db, id: number, change: { name?: string; kind?: string }) =>
  db.updateTable('organizations').set(change).where('id', '=', id).returningAll().executeTakeFirst();

/** How many people each organization has, by organization id. */
export const peopleCountByOrganization = (db: Db) =>
  db
    .selectFrom('people')
    .select((eb) => ['organization_id', eb.fn.countAll<number>().as('people')])
    .where('organization_id', 'is not', null)
    .groupBy('organization_id')
    .execute();

export const updatePerson = (db: Db, id: number, change: { name?: string; organization_id?: number | null }) =>
  db.updateTable('people').set(change).where('id', '=', id).returningAll().executeTakeFirst();

export const deleteEmail = (db: Db, personId: number, address: string) =>
  db.deleteFrom('person_emails').where('person_id', '=', personId).where('address', '=', address).executeTakeFirst();

/** People whose role is in `roles` and who have no organization. */
export const peopleWithoutOrganization = (db: Db, roles: readonly PersonRole[]) =>
  db.selectFrom('people').selectAll().where('organization_id', 'is', null).where('role', 'in', [...roles]).orderBy('role').orderBy('name').execute();

/** Mentors and protégés in no pending, active or paused pair: waiting to be matched. */
export const peopleWithoutOpenPair = (db: Db) =>
  db
    .selectFrom('people')
    .selectAll()
    .where('role', 'in', ['mentor', 'protege'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('pairs')
            .select('pairs.id')
            .where('pairs.status', 'in', ['pending', 'active', 'paused'])
            .where((eb) => eb.or([eb('pairs.mentor_id', '=', eb.ref('people.id')), eb('pairs.protege_id', '=', eb.ref('people.id'))])),
        ),
      ),
    )
    .orderBy('role')
    .orderBy('name')
    .execute();

/** Pairs with both participants' names, optionally of one status or one person. */
export const pairsWithNames = (db: Db, filter: { status?: PairStatus; personId?: number } = {}) => {
  let q = db
    .selectFrom('pairs as p')
    .innerJoin('people as m', 'm.id', 'p.mentor_id')
    .innerJoin('people as s', 's.id', 'p.protege_id')
    .selectAll('p')
    .select(['m.name as mentor_name', 's.name as protege_name']);
  if (filter.status) q = q.where('p.status', '=', filter.status);
  if (filter.personId !== undefined) {
    const id = filter.personId;
    q = q.where((eb) => eb.or([eb('p.mentor_id', '=', id), eb('p.protege_id', '=', id)]));
  }
  return q.orderBy('p.id').execute();
};

// ---- Writes and reads the service composed inline before; the same queries, now here.

export const insertOrganization = (db: Db, row: { name: string; kind: string; created_at: number }) =>
  db.insertInto('organizations').values(row).returningAll().executeTakeFirstOrThrow();

export const insertPerson = (db: Db, row: { name: string; role: PersonRole; organization_id: number | null; created_at: number }) =>
  db.insertInto('people').values(row).returningAll().executeTakeFirstOrThrow();

export const insertEmails = (db: Db, rows: { address: string; person_id: number; created_at: number }[]) => db.insertInto('person_emails').values(rows).execute();

/** Every address of every person, each person's first one first. */
export const allEmails = (db: Db) => db.selectFrom('person_emails').select(['person_id', 'address']).orderBy('created_at').orderBy('address').execute();

/** A protégé's pair that is not closed, if any: a protégé has one mentor at a time. */
export const findOpenPairOfProtege = (db: Db, protegeId: number) =>
  db.selectFrom('pairs').select(['id', 'mentor_id']).where('protege_id', '=', protegeId).where('status', '!=', 'closed').orderBy('id').executeTakeFirst();

/** A closed pair of these two, if any. */
export const findClosedPairOf = (db: Db, mentorId: number, protegeId: number) =>
  db.selectFrom('pairs').select('id').where('mentor_id', '=', mentorId).where('protege_id', '=', protegeId).where('status', '=', 'closed').orderBy('id', 'desc').executeTakeFirst();

/** The pair these two form and have not closed, if any. */
export const findOpenPairOf = (db: Db, mentorId: number, protegeId: number) =>
  db.selectFrom('pairs').select('id').where('mentor_id', '=', mentorId).where('protege_id', '=', protegeId).where('status', '!=', 'closed').executeTakeFirst();

export const insertPair = (db: Db, row: NewPair) => db.insertInto('pairs').values(row).returningAll().executeTakeFirstOrThrow();

export const updatePairRow = (db: Db, id: number, change: { status: PairStatus; status_reason: PairStatusReason | null; ended_at: number | null; started_at?: number; trusted?: number }) =>
  db.updateTable('pairs').set(change).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

/** Pairs with both participants' names, by mentor then protégé name. */
export const pairLabels = (db: Db) =>
  db
    .selectFrom('pairs as p')
    .innerJoin('people as m', 'm.id', 'p.mentor_id')
    .innerJoin('people as s', 's.id', 'p.protege_id')
    .select(['p.id', 'p.alias', 'p.status', 'm.name as mentor_name', 's.name as protege_name'])
    .orderBy('m.name')
    .orderBy('s.name')
    .execute();
