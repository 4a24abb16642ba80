import type { Session } from 'fastify';
import type { SessionStore } from '@fastify/session';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

type Callback = (err?: unknown) => void;
type CallbackSession = (err: unknown, result?: Session | null) => void;

/** Web sessions in SQLite, so a restart does not log reviewers out. Expired rows are removed as they are met. */
export class SqliteSessionStore implements SessionStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxAgeMs: number,
  ) {}

  set(sid: string, session: Session, callback: Callback): void {
    // Real time, not the relay clock: the browser expires the cookie by its own clock.
    const expires = session.cookie?.expires ? new Date(session.cookie.expires).getTime() : Date.now() + this.maxAgeMs;
    const data = JSON.stringify(session);
    this.db
      .insertInto('web_sessions')
      .values({ sid, data, expires_at: expires })
      .onConflict((oc) => oc.column('sid').doUpdateSet({ data, expires_at: expires }))
      .execute()
      .then(() => callback(), callback);
  }

  get(sid: string, callback: CallbackSession): void {
    this.db
      .selectFrom('web_sessions')
      .select(['data', 'expires_at'])
      .where('sid', '=', sid)
      .executeTakeFirst()
      .then(async (row) => {
        if (!row) return callback(undefined, null);
        if (row.expires_at < Date.now()) {
          await this.db.deleteFrom('web_sessions').where('sid', '=', sid).execute();
          return callback(undefined, null);
        }
        callback(undefined, JSON.parse(row.data) as Session);
      }, (err) => callback(err));
  }

  destroy(sid: string, callback: Callback): void {
    this.db
      .deleteFrom('web_sessions')
      .where('sid', '=', sid)
      .execute()
      .then(() => callback(), callback);
  }
}
