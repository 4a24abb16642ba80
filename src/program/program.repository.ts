import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { NewPair } from './program.table.js';

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

export const emailsOf = (db: Db, personIds: number[]) =>
  personIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('person_emails')
        .select(['person_id', 'address'])
        .where('person_id', 'in', personIds)
        .orderBy('created_at')
        .orderBy('address')
        .execute();

export const findPair = (db: Db, id: number) => db.selectFrom('pairs').selectAll().where('id', '=', id).executeTakeFirst();

export const findPairByAlias = (db: Db, alias: string) =>
  db.selectFrom('pairs').selectAll().where('alias', '=', alias.toLowerCase()).executeTakeFirst();

export const listPairs = (db: Db) => db.selectFrom('pairs').selectAll().orderBy('id').execute();

/** A person's first address, the one mail is forwarded to, as a correlated subquery on `personIdColumn`. */
export const primaryEmail = (personIdColumn: string) =>
  sql<string | null>`(select e.address from person_emails e where e.person_id = ${sql.ref(personIdColumn)} order by e.created_at, e.address limit 1)`;

export const insertPerson = (db: Db, values: { name: string; role: 'mentor' | 'protege' | 'parent' | 'staff'; organization_id: number | null; created_at: number }) =>
  db.insertInto('people').values(values).returningAll().executeTakeFirstOrThrow();

/** A person's addresses, in the order given: the first is the one mail is forwarded to. */
export const insertEmails = (db: Db, personId: number, addresses: string[], at: number) =>
  db
    .insertInto('person_emails')
    .values(addresses.map((address, i) => ({ address, person_id: personId, created_at: at + i })))
    .execute();

/** The pair the two already form, unless it is closed. */
export const findOpenPair = (db: Db, mentorId: number, protegeId: number) =>
  db.selectFrom('pairs').select('id').where('mentor_id', '=', mentorId).where('protege_id', '=', protegeId).where('status', '!=', 'closed').executeTakeFirst();

export const insertPair = (db: Db, values: NewPair) => db.insertInto('pairs').values(values).returningAll().executeTakeFirstOrThrow();
