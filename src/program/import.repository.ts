import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { ImportKind } from './import.table.js';
import type { NewPair, PersonRole } from './program.table.js';

type Db = Kysely<Database> | Transaction<Database>;

// Well under SQLite's 32,766 bound variables per statement, and PostgreSQL's 65,535.
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The people who own any of `addresses` (lower-cased), with the address each owns. */
export async function peopleByAddress(db: Db, addresses: readonly string[]) {
  const rows = [];
  for (const chunk of chunks([...new Set(addresses)])) {
    rows.push(
      ...(await db
        .selectFrom('person_emails')
        .innerJoin('people', 'people.id', 'person_emails.person_id')
        .select(['person_emails.address', 'people.id', 'people.name', 'people.role', 'people.organization_id'])
        .where('person_emails.address', 'in', chunk)
        .execute()),
    );
  }
  return rows;
}

export const organizationNames = (db: Db) => db.selectFrom('organizations').select(['id', 'name']).orderBy('name').execute();

export interface ImportedPerson {
  name: string;
  email: string;
  role: PersonRole;
  organizationId: number | null;
}

/** Inserts people and their one address each; one statement per person (its id), the addresses in batches. */
export async function insertPeople(trx: Transaction<Database>, people: readonly ImportedPerson[], at: number, onRow: (done: number) => void): Promise<void> {
  const emails: { address: string; person_id: number; created_at: number }[] = [];
  for (const p of people) {
    const { id } = await trx
      .insertInto('people')
      .values({ name: p.name, role: p.role, organization_id: p.organizationId, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    emails.push({ address: p.email, person_id: id, created_at: at });
    if (emails.length % 500 === 0) onRow(emails.length);
  }
  for (const chunk of chunks(emails)) await trx.insertInto('person_emails').values(chunk).execute();
  onRow(emails.length);
}

/** Every pair (any status) that involves one of these mentors or protégés. */
export async function pairsOf(db: Db, personIds: readonly number[]) {
  const byId = new Map<number, { id: number; mentor_id: number; protege_id: number; status: string }>();
  for (const chunk of chunks([...new Set(personIds)])) {
    const rows = await db
      .selectFrom('pairs')
      .select(['id', 'mentor_id', 'protege_id', 'status'])
      .where((eb) => eb.or([eb('mentor_id', 'in', chunk), eb('protege_id', 'in', chunk)]))
      .execute();
    for (const r of rows) byId.set(r.id, r);
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

export async function insertPairs(trx: Transaction<Database>, pairs: readonly NewPair[], onRow: (done: number) => void): Promise<void> {
  let done = 0;
  for (const chunk of chunks(pairs)) {
    await trx.insertInto('pairs').values(chunk).execute();
    onRow((done += chunk.length));
  }
}

export const insertUpload = (db: Db, row: { id: string; staff_id: number; kind: ImportKind; file_name: string; content: string; sha256: string; created_at: number }) =>
  db.insertInto('import_uploads').values(row).execute();

export const findUpload = (db: Db, id: string, staffId: number) =>
  db.selectFrom('import_uploads').selectAll().where('id', '=', id).where('staff_id', '=', staffId).executeTakeFirst();

export const deleteUpload = (db: Db, id: string) => db.deleteFrom('import_uploads').where('id', '=', id).execute();

export const deleteUploadsBefore = (db: Db, before: number) => db.deleteFrom('import_uploads').where('created_at', '<', before).execute();
