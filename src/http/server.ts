import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController } from 'fastify';
import type { Logger } from 'pino';
import { Ajv } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import errorsPlugin from './plugins/app/errors.js';
import servicesPlugin, { type Services } from './plugins/app/services.js';
import swaggerPlugin from './plugins/external/swagger.js';
import webPlugin from './plugins/external/web.js';
import routes from './routes/index.js';
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

// ajv-formats is CommonJS: its default export is the function under `default` when imported from ESM.
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;

/** An Ajv as Fastify's own (its defaults: defaults filled in, unknown properties removed, formats), but for coercion. */
function validatorFor(options: { coerceTypes: boolean | 'array' }): Ajv {
  const ajv = new Ajv({ useDefaults: true, removeAdditional: true, addUsedSchema: false, allErrors: false, ...options });
  addFormats(ajv);
  return ajv;
}

/**
 * The HTTP side, built from plugins in a known order, as in fastify/demo: third-party wrappers
 * (plugins/external), then our services and error handler (plugins/app), then routes (routes/).
 * Everything under /api is behind one auth hook; /healthz is the only route without auth.
 */
export async function buildHttp(services: Services, log: Logger) {
  const app = Fastify({
    loggerInstance: log.child({ component: 'http' }),
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // Behind a TLS reverse proxy, X-Forwarded-Proto and -For are the client's (RELAY_TRUST_PROXY).
    trustProxy: trustedHops(services.config.http.trustProxy),
  }).withTypeProvider<TypeBoxTypeProvider>();

  // JSON bodies are taken as they are: no `true` for 1, no 0 or "" for null (Fastify's default
  // coerces them, and `{"organizationId": 0}` would unassign a task). Query strings and path
  // parameters are text by nature and keep the coercion.
  const strictBodies = validatorFor({ coerceTypes: false });
  const textParts = validatorFor({ coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strictBodies : textParts).compile(schema));

  // 1. Third-party wrappers: the OpenAPI document; security headers, cookies, sessions, CSRF, forms, rate limits.
  await app.register(swaggerPlugin);
  await app.register(webPlugin, { db: services.db, secureCookie: services.config.http.trustProxy !== false });
  // 2. Our services (shared with SMTP and the workers) and the one error handler.
  await app.register(servicesPlugin, { services });
  await app.register(errorsPlugin);

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

  // 3. Routes.
  await app.register(routes);
  return app;
}
