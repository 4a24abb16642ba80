import type { FastifyPluginAsync } from 'fastify';
import { loginPage } from '../../views/layout.js';
import { pageContext } from '../../page.js';

/**
 * Only a path inside the review or program pages: a login link can never send someone elsewhere.
 * Without one, a coordinator starts at the program's overview, everyone else at the review queue.
 */
function safeNext(next: unknown, role?: string): string {
  // Only URL characters: anything else (a line break, a non-Latin-1 letter) cannot go into a
  // Location header, and Node throws rather than send it.
  if (typeof next === 'string' && next.length <= 2000 && /^\/(review|program)(?:[/?][A-Za-z0-9/?=&%._~+,-]*)?$/.test(next)) return next;
  return role === 'coordinator' ? '/program' : '/review';
}

const loginRoutes: FastifyPluginAsync = async (app) => {
  const { staff } = app.services;

  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/review', 303));

  app.get('/login', { schema: { hide: true } }, async (req, reply) => {
    if (req.session.get('userId')) return reply.redirect('/review', 303);
    const next = (req.query as { next?: string }).next;
    return reply.send(loginPage(await pageContext(req, reply), { next: next ? safeNext(next) : undefined }));
  });

  app.post(
    '/login',
    {
      schema: { hide: true },
      preHandler: app.csrfProtection,
      // Ten tries a minute from one address: enough for a person, too slow to guess passwords.
      config: {
        rateLimit: {
          max: 10,
          timeWindow: 60_000,
          // The address Fastify finds behind the trusted proxies (RELAY_TRUST_PROXY), never a header a client wrote.
          keyGenerator: (req) => req.ip,
          errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, error: 'rate_limited', message: `Too many login attempts; try again in ${Math.ceil(ctx.ttl / 1000)} seconds.` }),
        },
      },
    },
    async (req, reply) => {
      const body = (req.body ?? {}) as { email?: string; password?: string; next?: string };
      const user = await staff.authenticate(String(body.email ?? ''), String(body.password ?? ''));
      if (!user) {
        req.log.info({ email: body.email }, 'login failed');
        return reply
          .code(401)
          .send(loginPage(await pageContext(req, reply), { email: String(body.email ?? ''), next: body.next, error: 'The email or the password is wrong.' }));
      }
      // A new session id at login: a session id planted before login is worth nothing after it.
      await req.session.regenerate();
      req.session.set('userId', user.id);
      return reply.redirect(safeNext(body.next, user.role), 303);
    },
  );

  app.post('/logout', { schema: { hide: true }, preHandler: app.csrfProtection }, async (req, reply) => {
    await req.session.destroy();
    return reply.redirect('/login', 303);
  });
};

export default loginRoutes;
