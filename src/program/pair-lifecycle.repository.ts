import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { CloseReason, PairStatus, PairStatusReason } from './program.table.js';
import { primaryEmail } from './program.repository.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * A person's pairs that wait for onboarding: pending ones, and those the relay paused (the mentor's
 * background check expired, or a step of either participant failed).
 */
export const pairsAwaitingOnboarding = (db: Db, personId: number) =>
  db
    .selectFrom('pairs')
    .selectAll()
    .where((eb) => eb.or([eb('mentor_id', '=', personId), eb('protege_id', '=', personId)]))
    .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'paused'), eb('status_reason', 'is not', null)])]))
    .orderBy('id')
    .execute();

/** A person's active pairs, as mentor or as protégé. */
export const activePairsOf = (db: Db, personId: number) =>
  db
    .selectFrom('pairs')
    .selectAll()
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('mentor_id', '=', personId), eb('protege_id', '=', personId)]))
    .orderBy('id')
    .execute();

/** A mentor's active pairs, with the protégé's name. */
export const activePairsOfMentor = (db: Db, mentorId: number) =>
  db
    .selectFrom('pairs as p')
    .innerJoin('people as s', 's.id', 'p.protege_id')
    .select(['p.id', 'p.alias', 's.name as protege_name'])
    .where('p.mentor_id', '=', mentorId)
    .where('p.status', '=', 'active')
    .orderBy('p.id')
    .execute();

export const setPairState = (
  trx: Transaction<Database>,
  id: number,
  change: { status: PairStatus; status_reason: PairStatusReason | null; started_at?: number; ended_at?: number | null },
) => trx.updateTable('pairs').set(change).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export const closePairRow = (trx: Transaction<Database>, id: number, change: { ended_at: number; close_reason: CloseReason; close_note: string | null; rematch: number }) =>
  trx
    .updateTable('pairs')
    .set({ ...change, status: 'closed', status_reason: null })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();

/** The name and first address of a person, if they have an address. */
export const nameAndAddress = (db: Db, personId: number) =>
  db.selectFrom('people').select(['name']).select(primaryEmail('people.id').as('email')).where('id', '=', personId).executeTakeFirst();

/** Enabled coordinator and admin accounts (the program's coordinators), by name. */
export const coordinatorAccounts = (db: Db) =>
  db.selectFrom('staff_users').select(['name', 'email']).where('disabled_at', 'is', null).where('role', 'in', ['coordinator', 'admin']).orderBy('name').orderBy('id').execute();

/** One lifecycle notice per address, each composed from the program event `eventId` when sent. */
export const queueLifecycleMails = (trx: Transaction<Database>, eventId: number, addresses: readonly string[], at: number) =>
  addresses.length === 0
    ? Promise.resolve()
    : trx
        .insertInto('outbox')
        .values(addresses.map((address) => ({ kind: 'lifecycle' as const, message_id: null, notice_to: address, event_id: eventId, next_attempt_at: at, last_error: null, claimed_by: null, claim_expires_at: null, created_at: at })))
        .execute()
        .then(() => undefined);
