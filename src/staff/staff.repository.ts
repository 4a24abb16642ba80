import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { StaffRole } from './staff.table.js';

type Db = Kysely<Database> | Transaction<Database>;

export const findByEmail = (db: Db, email: string) => db.selectFrom('staff_users').selectAll().where('email', '=', email).executeTakeFirst();

export const findActiveByEmail = (db: Db, email: string) =>
  db.selectFrom('staff_users').selectAll().where('email', '=', email).where('disabled_at', 'is', null).executeTakeFirst();

export const findActive = (db: Db, id: number) =>
  db.selectFrom('staff_users').selectAll().where('id', '=', id).where('disabled_at', 'is', null).executeTakeFirst();

export const find = (db: Db, id: number) => db.selectFrom('staff_users').selectAll().where('id', '=', id).executeTakeFirst();

export const insert = (db: Db, row: { email: string; name: string; role: StaffRole; password_hash: string; created_at: number }) =>
  db
    .insertInto('staff_users')
    .values({ ...row, disabled_at: null })
    .returningAll()
    .executeTakeFirstOrThrow();

export const listActive = (db: Db) => db.selectFrom('staff_users').selectAll().where('disabled_at', 'is', null).orderBy('id').execute();

/** Every account, the disabled ones too (the staff page shows who could log in once). */
export const listAll = (db: Db) => db.selectFrom('staff_users').selectAll().orderBy('id').execute();

export const setRole = (db: Db, id: number, role: StaffRole) =>
  db.updateTable('staff_users').set({ role }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

/** Disables (`at`) or enables again (`null`) an account. */
export const setDisabled = (db: Db, id: number, at: number | null) =>
  db.updateTable('staff_users').set({ disabled_at: at }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

/** Enabled admin accounts other than `exceptId`. */
export const countOtherAdmins = async (db: Db, exceptId: number): Promise<number> => {
  const row = await db
    .selectFrom('staff_users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .where('id', '!=', exceptId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
};

export const setPassword = (db: Db, id: number, password_hash: string) =>
  db.updateTable('staff_users').set({ password_hash }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
