import type { Clock } from '../db/clock.js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { toIso, toIsoOrNull } from '../db/time.js';
import { isUniqueViolation } from '../db/unique.js';
import { conflict, invalid, notFound } from '../errors.js';
import { normalizeEmail, plainText } from '../program/program.model.js';
import { findPersonByEmail } from '../program/program.repository.js';
import { dummyHash, hashPassword, verifyPassword } from './password.js';
import { deleteSessionsOf } from './session.repository.js';
import * as repo from './staff.repository.js';
import type { StaffRole, StaffUserRow } from './staff.table.js';

export interface StaffUser {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  createdAt: string;
}

/** An account as the staff page lists it: disabled ones too. */
export interface StaffAccount extends StaffUser {
  disabledAt: string | null;
}

const toUser = (r: StaffUserRow): StaffUser => ({ id: r.id, email: r.email, name: r.name, role: r.role, createdAt: toIso(r.created_at) });
const toAccount = (r: StaffUserRow): StaffAccount => ({ ...toUser(r), disabledAt: toIsoOrNull(r.disabled_at) });

/** The name staff decisions are recorded under: the person, and the address that tells namesakes apart. */
export const staffActor = (u: { name: string; email: string }) => `${u.name} (${u.email})`;

export const MIN_PASSWORD_LENGTH = 10;

/** Staff accounts: reviewers, coordinators and admins who log in to the review page. */
export class StaffService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    /** The relay's alias domain: no account may have an address there (or below it). */
    private readonly domain: string,
  ) {}

  /**
   * A staff account's address: an organizer receives the sheet with every responsible person's
   * address, so it is never the relay's own (an alias) nor a participant's (a protégé's above all).
   */
  private async checkAddress(email: string): Promise<void> {
    if (email.endsWith(`@${this.domain}`) || email.endsWith(`.${this.domain}`)) throw invalid('email', `an address at the relay's own domain (${this.domain}) cannot be a staff account's`);
    const person = await findPersonByEmail(this.db, email);
    if (person && person.role !== 'staff') throw conflict(`${email} belongs to ${person.name}, a ${person.role} of the program; a staff account needs an address of its own`, 'participant_address');
  }

  async create(input: { email: string; name: string; role: StaffRole; password: string }): Promise<StaffUser> {
    const email = normalizeEmail('email', input.email);
    const name = plainText('name', input.name);
    await this.checkAddress(email);
    if (input.password.length < MIN_PASSWORD_LENGTH) throw invalid('password', `must be at least ${MIN_PASSWORD_LENGTH} characters`);
    if (await repo.findByEmail(this.db, email)) throw conflict(`a staff account for ${email} already exists`);
    const password_hash = await hashPassword(input.password);
    try {
      return toUser(await repo.insert(this.db, { email, name, role: input.role, password_hash, created_at: this.clock.now() }));
    } catch (err) {
      // Two admins creating the same account at once: the unique index decides.
      if (isUniqueViolation(err)) throw conflict(`a staff account for ${email} already exists`);
      throw err;
    }
  }

  /** The demo's accounts: created, or given a new password (and enabled) when they exist. */
  async createOrResetPassword(input: { email: string; name: string; role: StaffRole; password: string }): Promise<StaffUser> {
    const email = normalizeEmail('email', input.email);
    const existing = await repo.findByEmail(this.db, email);
    if (!existing) return this.create(input);
    // An account an admin disabled stays disabled: the demo does not bring it back.
    if (existing.disabled_at !== null) throw conflict(`the account ${email} is disabled; an admin can enable it on the Staff page`, 'account_disabled');
    const hash = await hashPassword(input.password);
    return this.db.transaction().execute(async (trx) => {
      await deleteSessionsOf(trx, existing.id); // the old password's sessions end with it
      return toUser(await repo.setPassword(trx, existing.id, hash));
    });
  }

  async list(): Promise<StaffUser[]> {
    return (await repo.listActive(this.db)).map(toUser);
  }

  async get(id: number): Promise<StaffUser | undefined> {
    const row = await repo.findActive(this.db, id);
    return row && toUser(row);
  }

  /** The account for an email and password, or null; takes as long whether or not the account exists. */
  async authenticate(email: string, password: string): Promise<StaffUser | null> {
    const row = await repo.findActiveByEmail(this.db, email.trim().toLowerCase());
    const ok = await verifyPassword(password, row?.password_hash ?? (await dummyHash()));
    return row && ok ? toUser(row) : null;
  }

  /** Every account, disabled ones included, for the staff page. */
  async listAccounts(): Promise<StaffAccount[]> {
    return (await repo.listAll(this.db)).map(toAccount);
  }

  /**
   * Changes an account's role. `byId` is the admin doing it: nobody changes their own role (an
   * admin would lock themselves out of this page), and the last admin stays an admin.
   */
  async setRole(id: number, role: StaffRole, byId: number): Promise<StaffAccount> {
    if (id === byId) throw invalid('role', 'you cannot change your own role; ask another admin');
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.find(trx, id);
      if (!row || row.disabled_at !== null) throw notFound(`staff account ${id}`);
      if (row.role === 'admin' && role !== 'admin' && (await repo.countOtherAdmins(trx, id)) === 0) {
        throw conflict(`${row.name} is the last admin; make another account admin first`, 'last_admin');
      }
      return toAccount(await repo.setRole(trx, id, role));
    });
  }

  /** Disables an account: it can no longer log in, and its open sessions stop working. Not one's own, not the last admin. */
  async disable(id: number, byId: number): Promise<StaffAccount> {
    if (id === byId) throw invalid('id', 'you cannot disable your own account');
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.find(trx, id);
      if (!row) throw notFound(`staff account ${id}`);
      if (row.disabled_at !== null) return toAccount(row);
      if (row.role === 'admin' && (await repo.countOtherAdmins(trx, id)) === 0) throw conflict(`${row.name} is the last admin`, 'last_admin');
      await deleteSessionsOf(trx, id);
      return toAccount(await repo.setDisabled(trx, id, this.clock.now()));
    });
  }

  /** Lets a disabled account log in again (its address cannot be given to a new account while it exists). */
  async enable(id: number): Promise<StaffAccount> {
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.find(trx, id);
      if (!row) throw notFound(`staff account ${id}`);
      return toAccount(row.disabled_at === null ? row : await repo.setDisabled(trx, id, null));
    });
  }
}
