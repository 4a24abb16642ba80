import type { Clock } from '../db/clock.js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { toIso } from '../db/time.js';
import { conflict, invalid } from '../errors.js';
import { normalizeEmail } from '../program/program.service.js';
import { dummyHash, hashPassword, verifyPassword } from './password.js';
import type { StaffRole, StaffUserRow } from './staff.table.js';

export interface StaffUser {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  createdAt: string;
}

const toUser = (r: StaffUserRow): StaffUser => ({ id: r.id, email: r.email, name: r.name, role: r.role, createdAt: toIso(r.created_at) });

/** The name staff decisions are recorded under: the person, and the address that tells namesakes apart. */
export const staffActor = (u: { name: string; email: string }) => `${u.name} (${u.email})`;

export const MIN_PASSWORD_LENGTH = 10;

/** Staff accounts: reviewers, coordinators and admins who log in to the review page. */
export class StaffService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async create(input: { email: string; name: string; role: StaffRole; password: string }): Promise<StaffUser> {
    const email = normalizeEmail('email', input.email);
    const name = input.name.trim();
    if (!name) throw invalid('name', 'must not be empty');
    if (input.password.length < MIN_PASSWORD_LENGTH) throw invalid('password', `must be at least ${MIN_PASSWORD_LENGTH} characters`);
    if (await this.db.selectFrom('staff_users').select('id').where('email', '=', email).executeTakeFirst()) {
      throw conflict(`a staff account for ${email} already exists`);
    }
    const row = await this.db
      .insertInto('staff_users')
      .values({ email, name, role: input.role, password_hash: await hashPassword(input.password), created_at: this.clock.now(), disabled_at: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toUser(row);
  }

  /** The demo's accounts: created, or given a new password (and enabled) when they exist. */
  async createOrResetPassword(input: { email: string; name: string; role: StaffRole; password: string }): Promise<StaffUser> {
    const email = normalizeEmail('email', input.email);
    const existing = await this.db.selectFrom('staff_users').select('id').where('email', '=', email).executeTakeFirst();
    if (!existing) return this.create(input);
    const row = await this.db
      .updateTable('staff_users')
      .set({ password_hash: await hashPassword(input.password), disabled_at: null })
      .where('id', '=', existing.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toUser(row);
  }

  async list(): Promise<StaffUser[]> {
    return (await this.db.selectFrom('staff_users').selectAll().where('disabled_at', 'is', null).orderBy('id').execute()).map(toUser);
  }

  async get(id: number): Promise<StaffUser | undefined> {
    const row = await this.db.selectFrom('staff_users').selectAll().where('id', '=', id).where('disabled_at', 'is', null).executeTakeFirst();
    return row && toUser(row);
  }

  /** The account for an email and password, or null; takes as long whether or not the account exists. */
  async authenticate(email: string, password: string): Promise<StaffUser | null> {
    const row = await this.db
      .selectFrom('staff_users')
      .selectAll()
      .where('email', '=', email.trim().toLowerCase())
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    const ok = await verifyPassword(password, row?.password_hash ?? (await dummyHash()));
    return row && ok ? toUser(row) : null;
  }
}
