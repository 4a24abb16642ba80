import type { Session } from 'fastify';
import type { SessionStore } from '@fastify/session';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { deleteSession, findSession, saveSession } from './session.repository.js';

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
    saveSession(this.db, sid, JSON.stringify(session), expires, session.userId ?? null).then(() => callback(), callback);
  }

  get(sid: string, callback: CallbackSession): void {
    findSession(this.db, sid).then(async (row) => {
      if (!row) return callback(undefined, null);
      if (row.expires_at < Date.now()) {
        await deleteSession(this.db, sid);
        return callback(undefined, null);
      }
      callback(undefined, JSON.parse(row.data) as Session);
    }, (err) => callback(err));
  }

  destroy(sid: string, callback: Callback): void {
    deleteSession(this.db, sid).then(() => callback(), callback);
  }
}
