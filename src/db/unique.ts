/**
 * Whether a failed insert or update broke a unique index: SQLite (better-sqlite3) reports it by
 * its extended result code, PostgreSQL by SQLSTATE 23505. Never by the message text, which
 * differs between engines and versions.
 */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
