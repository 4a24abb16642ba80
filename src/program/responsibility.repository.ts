import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import { primaryEmail } from './program.repository.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Every task with its organization's and person's names and the person's first address, in order. */
export function listResponsibilities(db: Db, opts: { includeRetired: boolean }) {
  let q = db
    .selectFrom('responsibilities as r')
    .leftJoin('organizations as o', 'o.id', 'r.organization_id')
    .leftJoin('people as p', 'p.id', 'r.person_id')
    .select(['r.id', 'r.position', 'r.task', 'r.organization_id', 'r.person_id', 'r.retired', 'r.created_at', 'r.updated_at', 'o.name as organization_name', 'p.name as person_name'])
    .select(primaryEmail('r.person_id').as('person_email'));
  if (!opts.includeRetired) q = q.where('r.retired', '=', 0);
  return q.orderBy('r.position').orderBy('r.id').execute();
}

export type ResponsibilityListRow = Awaited<ReturnType<typeof listResponsibilities>>[number];

export function findResponsibility(db: Db, id: number) {
  return db.selectFrom('responsibilities').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A task with the same wording, whatever the case (a second "Recruiting mentors" would be the same task). */
export function findTaskByWording(db: Db, task: string) {
  return db.selectFrom('responsibilities').select(['id', 'task']).where(sql<string>`lower(task)`, '=', task.toLowerCase()).executeTakeFirst();
}

/**
 * The person responsible for a task of the default list, found by its wording (whatever the case),
 * unless the task is retired or nobody holds it: `null`.
 */
export async function personResponsibleFor(db: Db, task: string): Promise<number | null> {
  const row = await db
    .selectFrom('responsibilities')
    .select('person_id')
    .where(sql<string>`lower(task)`, '=', task.toLowerCase())
    .where('retired', '=', 0)
    .orderBy('position')
    .executeTakeFirst();
  return row?.person_id ?? null;
}

/** Adds a task after the last one. */
export async function insertResponsibility(trx: Transaction<Database>, task: string, at: number) {
  const last = await trx.selectFrom('responsibilities').select((eb) => eb.fn.max('position').as('max')).executeTakeFirst();
  return trx
    .insertInto('responsibilities')
    .values({ position: Number(last?.max ?? 0) + 1, task, organization_id: null, person_id: null, retired: 0, created_at: at, updated_at: at })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateResponsibility(
  trx: Transaction<Database>,
  id: number,
  change: { task?: string; organization_id?: number | null; person_id?: number | null; retired?: number; updated_at: number },
) {
  return trx.updateTable('responsibilities').set(change).where('id', '=', id).execute();
}

/** A name for an id, for the history's before → after. */
export const organizationName = async (db: Db, id: number | null) =>
  id === null ? null : ((await db.selectFrom('organizations').select('name').where('id', '=', id).executeTakeFirst())?.name ?? null);

export const personName = async (db: Db, id: number | null) =>
  id === null ? null : ((await db.selectFrom('people').select('name').where('id', '=', id).executeTakeFirst())?.name ?? null);

/**
 * Every organizer, by address: the staff people of every organization (their first address), then
 * the enabled coordinator and admin accounts. Not yet deduplicated.
 */
export async function listOrganizers(db: Db): Promise<{ name: string; email: string | null }[]> {
  const people = await db
    .selectFrom('people as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .select(['p.name'])
    .select(primaryEmail('p.id').as('email'))
    .where('p.role', '=', 'staff')
    .orderBy('o.name')
    .orderBy('p.name')
    .orderBy('p.id')
    .execute();
  const accounts = await db
    .selectFrom('staff_users')
    .select(['name', 'email'])
    .where('disabled_at', 'is', null)
    .where('role', 'in', ['coordinator', 'admin'])
    // Never an account whose address is a participant's: the sheet must not reach a mentor or a protégé.
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('person_emails as e')
            .innerJoin('people as pp', 'pp.id', 'e.person_id')
            .select('e.address')
            .whereRef('e.address', '=', 'staff_users.email')
            .where('pp.role', '!=', 'staff'),
        ),
      ),
    )
    .orderBy('id')
    .execute();
  return [...people, ...accounts];
}

export function insertSheetSend(trx: Transaction<Database>, send: { sent_at: number; actor: string; recipients: string; matrix_hash: string; snapshot: string }) {
  return trx.insertInto('sheet_sends').values(send).returningAll().executeTakeFirstOrThrow();
}

export function findSheetSend(db: Db, id: number) {
  return db.selectFrom('sheet_sends').selectAll().where('id', '=', id).executeTakeFirst();
}

export function lastSheetSend(db: Db) {
  return db.selectFrom('sheet_sends').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** One `sheet` mail per address in the outbox, each composed later from the send's recorded matrix. */
export function queueSheetMails(trx: Transaction<Database>, sendId: number, addresses: string[], at: number) {
  return trx
    .insertInto('outbox')
    .values(addresses.map((address) => ({ kind: 'sheet' as const, message_id: null, notice_to: address, sheet_send_id: sendId, next_attempt_at: at, last_error: null, claimed_by: null, claim_expires_at: null, created_at: at })))
    .execute();
}

/** The tasks a person is responsible for, in order; retired ones too (a retired task can be restored). */
export function tasksOfPerson(db: Db, personId: number) {
  return db.selectFrom('responsibilities').select(['id', 'position', 'task']).where('person_id', '=', personId).orderBy('position').execute();
}

/** How many times the sheet was sent since `since`. */
export async function countSheetSendsSince(db: Db, since: number): Promise<number> {
  const row = await db.selectFrom('sheet_sends').select((eb) => eb.fn.countAll<number>().as('n')).where('sent_at', '>=', since).executeTakeFirstOrThrow();
  return Number(row.n);
}
