// What the reports benchmark asks SQLite itself: a second connection that records every query the
// reports run (Kysely's `log`), and each recorded query's plan. SQLite-specific on purpose: the
// benchmark measures this database's plans; the application never imports this file.
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../src/db/database.js';

/** A read-only connection to `file` whose queries are kept, in the order run, with their parameters. */
export function recordingDb(file: string): { db: Kysely<Database>; queries: CompiledQuery[] } {
  const queries: CompiledQuery[] = [];
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: new SQLite(file, { readonly: true, fileMustExist: true }) }),
    log: (event) => {
      if (event.level === 'query') queries.push(event.query);
    },
  });
  return { db, queries };
}

export interface PlanStep {
  id: number;
  parent: number;
  detail: string;
}

/** EXPLAIN QUERY PLAN of a recorded query, with the parameters it ran with. */
export async function queryPlan(db: Kysely<Database>, query: CompiledQuery): Promise<PlanStep[]> {
  const { rows } = await db.executeQuery<PlanStep>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
  return rows;
}
