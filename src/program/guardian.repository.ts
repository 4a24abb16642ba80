import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { NewGuardian } from './guardian.table.js';
import { primaryEmail } from './program.repository.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A protégé's guardians with their names and first addresses, in the order they were linked. */
export const listGuardians = (db: Db, protegeId: number) =>
  db
    .selectFrom('guardians as g')
    .innerJoin('people as p', 'p.id', 'g.person_id')
    .selectAll('g')
    .select('p.name')
    .select(primaryEmail('g.person_id').as('email'))
    .where('g.protege_id', '=', protegeId)
    .orderBy('g.created_at')
    .orderBy('g.person_id')
    .execute();

/** Whether `personId` is a guardian of `protegeId` (a parental permission must come from one). */
export async function isGuardianOf(db: Db, protegeId: number, personId: number): Promise<boolean> {
  const row = await db.selectFrom('guardians').select('person_id').where('protege_id', '=', protegeId).where('person_id', '=', personId).executeTakeFirst();
  return row !== undefined;
}

/** A guardian of this protégé with this name, whatever the case: the same parent typed twice. */
export const findGuardianNamed = (db: Db, protegeId: number, name: string) =>
  db
    .selectFrom('guardians as g')
    .innerJoin('people as p', 'p.id', 'g.person_id')
    .select(['p.id', 'p.name'])
    .where('g.protege_id', '=', protegeId)
    .where(sql<string>`lower(p.name)`, '=', name.toLowerCase())
    .executeTakeFirst();

export const insertGuardian = (trx: Transaction<Database>, row: NewGuardian) => trx.insertInto('guardians').values(row).returningAll().executeTakeFirstOrThrow();
