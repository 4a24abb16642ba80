import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { DomainError } from '../../errors.js';

const codeByStatus: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

const statusByKind = { not_found: 404, conflict: 409, invalid: 400 } as const;

/** One error handler: 4xx go to the client as { error: { code, message } }; 5xx details go to the log only. */
export default fp(
  async function errorsPlugin(app: FastifyInstance) {
    app.setErrorHandler((err: FastifyError | DomainError, request, reply) => {
      if (err instanceof DomainError) {
        const status = statusByKind[err.kind];
        return reply.code(status).send({ error: { code: err.kind === 'invalid' ? 'invalid_request' : err.kind, message: err.message } });
      }
      const status = err.statusCode ?? 500;
      if (err.validation) {
        // Fastify names the field: "body/email must be string", "querystring/limit must be <= 500".
        return reply.code(400).send({ error: { code: 'invalid_request', message: err.message } });
      }
      if (status >= 400 && status < 500) {
        return reply.code(status).send({ error: { code: codeByStatus[status] ?? 'bad_request', message: err.message } });
      }
      request.log.error({ err }, 'request failed');
      return reply.code(500).send({ error: { code: 'internal', message: 'Internal error; the details are in the relay log' } });
    });
    app.setNotFoundHandler((request, reply) =>
      reply.code(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } }),
    );
  },
  { name: 'errors' },
);
