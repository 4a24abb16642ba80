import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { TokenRole } from './token.table.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Stores a token by its hash (never the token itself) and returns its id. */
export const insertToken = (db: Db, row: { token_hash: string; role: TokenRole; label: string | null; created_at: number }) =>
  db
    .insertInto('api_tokens')
    .values({ ...row, revoked_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();

/** The token with this hash, unless it was revoked. */
export const findActiveByHash = (db: Db, tokenHash: string) =>
  db.selectFrom('api_tokens').select(['id', 'role', 'label']).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();
