import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { PairStatus, PersonRole } from './program.table.js';

export const findOrganization = (db: Kysely<Database>, id: number) =>
  db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();

export const listOrganizations = (db: Kysely<Database>) => db.selectFrom('organizations').selectAll().orderBy('id').execute();

export const findPerson = (db: Kysely<Database>, id: number) =>
  db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();

export const findPersonByEmail = (db: Kysely<Database>, address: string) =>
  db
    .selectFrom('person_emails')
    .innerJoin('people', 'people.id', 'person_emails.person_id')
    .selectAll('people')
    .where('person_emails.address', '=', address.toLowerCase())
    .executeTakeFirst();

export const listPeople = (db: Kysely<Database>) => db.selectFrom('people').selectAll().orderBy('id').execute();

export const emailsOf = (db: Kysely<Database>, personIds: number[]) =>
  personIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('person_emails')
        .select(['person_id', 'address'])
        .where('person_id', 'in', personIds)
        .orderBy('created_at')
        .orderBy('address')
        .execute();

export const findPair = (db: Kysely<Database>, id: number) => db.selectFrom('pairs').selectAll().where('id', '=', id).executeTakeFirst();

export const findPairByAlias = (db: Kysely<Database>, alias: string) =>
  db.selectFrom('pairs').selectAll().where('alias', '=', alias.toLowerCase()).executeTakeFirst();

export const listPairs = (db: Kysely<Database>) => db.selectFrom('pairs').selectAll().orderBy('id').execute();

/** A person's first address, the one mail is forwarded to, as a correlated subquery on `personIdColumn`. */
export const primaryEmail = (personIdColumn: string) =>
  sql<string | null>`(select e.address from person_emails e where e.person_id = ${sql.ref(personIdColumn)} order by e.created_at, e.address limit 1)`;

// ---- The coordinator pages: organizations, people and pairs as a coordinator edits and reviews them.

type Db = Kysely<Database> | Transaction<Database>;

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

/** Mentors and protégés in no active or paused pair: waiting to be matched. */
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
            .where('pairs.status', 'in', ['active', 'paused'])
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
