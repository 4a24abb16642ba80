import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import session from '@fastify/session';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { SqliteSessionStore } from '../../staff/session-store.js';
import { settingOrCreate } from '../../staff/settings.js';
import type { StaffUser } from '../../staff/staff.service.js';
import type { Flash, PageContext } from '../views/layout.js';

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

/** The CSP of every page: our own script and style sheet only; message HTML is shown in a sandboxed frame under it. */
export function pageCsp(): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Inline styles stay inside sanitized message HTML; they cannot load anything under img-src/font-src.
    "style-src 'self' 'unsafe-inline'",
    // No remote image ever: the page shows a message as it will be forwarded, and that copy has none.
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The review page's web plumbing, third-party plugins in a known order: security headers, cookies,
 * server-side sessions (SQLite), CSRF tokens for every form, form bodies, rate limits.
 */
export default fp(
  async function webPlugin(app: FastifyInstance) {
    const { db, config } = app.services;
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
      cookie: { httpOnly: true, sameSite: 'strict', secure: config.http.trustProxy !== false, maxAge: SESSION_MAX_AGE_MS, path: '/' },
    });
    await app.register(csrf, { sessionPlugin: '@fastify/session' });
    await app.register(formbody, { bodyLimit: 2 * 1024 * 1024 });
    await app.register(rateLimit, { global: false });
    app.decorateRequest('staff', null);
  },
  { name: 'web', dependencies: ['services'] },
);

/** What every page needs: the program's name, who is looking, a CSRF token, and a flash message once. */
export async function pageContext(request: FastifyRequest, reply: FastifyReply): Promise<PageContext> {
  const flash = request.session.get('flash') ?? null;
  if (flash) request.session.set('flash', undefined);
  const csrf = await reply.generateCsrf();
  reply.header('content-security-policy', pageCsp()).type('text/html; charset=utf-8');
  return {
    programName: request.server.services.config.programName,
    screening: request.server.services.config.screening.enabled,
    viewer: request.staff ? { name: request.staff.name, email: request.staff.email, role: request.staff.role } : null,
    csrf,
    flash,
    now: request.server.services.clock.now(),
  };
}

export function setFlash(request: FastifyRequest, kind: Flash['kind'], text: string): void {
  request.session.set('flash', { kind, text });
}
