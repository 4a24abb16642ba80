import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import type { Database } from './database.js';

export interface DbHandle {
  db: Kysely<Database>;
  close(): Promise<void>;
}

/**
 * Opens the SQLite database with the relay's pragmas.
 * - WAL: readers (the review page, the API) never block the SMTP writer.
 * - busy_timeout: a second process (the CLI next to a running relay) waits instead of failing.
 * - synchronous: FULL by default, so a message answered with 250 survives a power loss, not only
 *   a process crash (NORMAL in WAL mode may lose the last commits on power loss, never corrupts).
 */
export function openDatabase(file: string, options: { synchronous?: 'FULL' | 'NORMAL'; readonly?: boolean } = {}): DbHandle {
  const { synchronous = 'FULL', readonly = false } = options;
  if (readonly) {
    // A reader next to the relay's own connection (the screening thread): the relay set the pragmas.
    const sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
    sqlite.pragma('busy_timeout = 5000');
    return handleFor(sqlite);
  }
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`synchronous = ${synchronous}`);
  return handleFor(sqlite);
}

function handleFor(sqlite: SQLite.Database): DbHandle {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    async close() {
      await db.destroy();
    },
  };
}

/**
 * Kysely's SQLite driver prepares every query anew; queries built by the same code compile to
 * the same SQL, so a small cache of prepared statements saves the parse on every call.
 */
function withStatementCache(sqlite: SQLite.Database, max = 200): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(sql, stmt);
      }
      return stmt as unknown as ReturnType<SqliteDatabase['prepare']>;
    },
  };
}
