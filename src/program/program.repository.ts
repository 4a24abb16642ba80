import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';

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
