import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import session from '@fastify/session';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/database.js';
import fp from 'fastify-plugin';
import { SqliteSessionStore } from '../../../staff/session-store.js';
import { settingOrCreate } from '../../../staff/session.repository.js';
import type { StaffUser } from '../../../staff/staff.service.js';
import type { Flash } from '../../views/layout.js';

declare module 'fastify' {
  interface Session {
    userId?: number;
    flash?: Flash;
  }
  interface FastifyRequest {
    staff: StaffUser | null;
  }
}

const SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000;

/**
 * The review page's web plumbing, third-party plugins in a known order: security headers, cookies,
 * server-side sessions (SQLite), CSRF tokens for every form, form bodies, rate limits.
 */
export default fp(
  async function webPlugin(app: FastifyInstance, opts: { db: Kysely<Database>; secureCookie: boolean }) {
    const { db } = opts;
    await app.register(helmet, {
      contentSecurityPolicy: false, // set per page below: the API answers JSON and needs none
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: 'no-referrer' },
    });
    await app.register(cookie);
    await app.register(session, {
      secret: await settingOrCreate(db, 'session_secret', () => randomBytes(32).toString('base64url')),
      cookieName: 'relay_session',
      store: new SqliteSessionStore(db, SESSION_MAX_AGE_MS),
      saveUninitialized: false,
      // Secure when served over TLS: behind a TLS reverse proxy (RELAY_TRUST_PROXY) the cookie only travels over https.
      cookie: { httpOnly: true, sameSite: 'strict', secure: opts.secureCookie, maxAge: SESSION_MAX_AGE_MS, path: '/' },
    });
    await app.register(csrf, { sessionPlugin: '@fastify/session' });
    await app.register(formbody, { bodyLimit: 2 * 1024 * 1024 });
    await app.register(rateLimit, { global: false });
    app.decorateRequest('staff', null);
  },
  { name: 'web' },
);

