import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController } from 'fastify';
import type { Logger } from 'pino';
import authPlugin from './plugins/auth.js';
import errorsPlugin from './plugins/errors.js';
import messageRoutes from './routes/api/messages.js';
import programRoutes from './routes/api/program.js';
import importRoutes from './routes/api/import.js';
import responsibilityRoutes from './routes/api/responsibilities.js';
import statsRoutes from './routes/api/stats.js';
import servicesPlugin, { type Services } from './services.js';
import webPlugin from './plugins/web.js';
import loginRoutes from './routes/review/login.js';
import reviewPages from './routes/review/pages.js';
import programPages from './routes/program/index.js';
import userRoutes from './routes/api/users.js';
import { script, stylesheet } from './views/assets.js';
import type { TrustProxy } from '../config/trust-proxy.js';

/**
 * Fastify's trustProxy from RELAY_TRUST_PROXY. Fastify takes a list of addresses as it is, but
 * trusts nothing for a bare hop count, so a count becomes the function proxy-addr calls for each
 * hop from the socket's peer (0) outwards: with 1, the peer is the proxy and the right-most
 * X-Forwarded-For entry (the one the proxy appended) is the client; entries left of it are the
 * client's own words and never read.
 */
export function trustedHops(setting: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting;
}

/**
 * The HTTP side, built from plugins in a known order: third-party wrappers (OpenAPI), then the
 * error handler and our services, then routes. Everything under /api is behind one auth hook;
 * /healthz is the only route without auth.
 */
export async function buildHttp(services: Services, log: Logger) {
  const app = Fastify({
    loggerInstance: log.child({ component: 'http' }),
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // Behind a TLS reverse proxy, X-Forwarded-Proto and -For are the client's (RELAY_TRUST_PROXY).
    trustProxy: trustedHops(services.config.http.trustProxy),
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'mentor-relay API', version: '1.0.0', description: 'Moderation relay for online mentoring programs' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(errorsPlugin);
  await app.register(servicesPlugin, { services });
  await app.register(webPlugin);

  // A POST without a body (approve) is an empty object, not an error.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (typeof body === 'string' && body.trim() === '') return done(null, undefined);
    parseJson(req, body as string, done);
  });

  // `?pairId=&cursor=` means "not given", as in a form or a URL template left blank.
  app.addHook('preValidation', async (req) => {
    const query = req.query as Record<string, unknown> | undefined;
    if (query && typeof query === 'object') for (const [k, v] of Object.entries(query)) if (v === '') delete query[k];
  });

  app.get('/healthz', { schema: { hide: true } }, async () => {
    await services.db.selectFrom('pairs').select('id').limit(1).execute();
    return { status: 'ok' };
  });

  // The review page's style sheet and script: public, like the login page that uses them.
  app.get('/assets/style.css', { schema: { hide: true } }, async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(stylesheet));
  app.get('/assets/review.js', { schema: { hide: true } }, async (_req, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(script));
  await app.register(loginRoutes);
  await app.register(reviewPages);
  await app.register(programPages);

  // The OpenAPI document, at the root and under /api, behind the same auth as the API it describes.
  await app.register(async (docs) => {
    await docs.register(authPlugin, { tokens: services.tokens });
    docs.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  });
  await app.register(
    async (api) => {
      await api.register(authPlugin, { tokens: services.tokens });
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
      await api.register(programRoutes);
      await api.register(messageRoutes);
      await api.register(statsRoutes);
      await api.register(userRoutes);
      await api.register(importRoutes);
      await api.register(responsibilityRoutes);
    },
    { prefix: '/api' },
  );
  return app;
}
