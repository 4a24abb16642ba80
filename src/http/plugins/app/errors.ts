import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DomainError } from '../../../errors.js';
import { errorPage } from '../../views/layout.js';
import { pageCsp } from '../../page.js';

const codeByStatus: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  422: 'invalid_reference',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

const statusByKind = { not_found: 404, conflict: 409, invalid: 400, unprocessable: 422, unauthorized: 401, forbidden: 403, rate_limited: 429 } as const;

/** API routes answer JSON; the review page's routes answer a page a person can read. */
const isPage = (request: FastifyRequest) => !request.url.startsWith('/api/') && request.url !== '/openapi.json';

function send(request: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string, field?: string) {
  if (!isPage(request)) return reply.code(status).send({ error: { code, message, ...(field ? { field } : {}) } });
  const programName = request.server.services.config.programName;
  // No CSRF token here (the error may be about the token itself): the page shows no form.
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', pageCsp())
    .send(errorPage({ programName, viewer: null, csrf: '', now: request.server.services.clock.now() }, status, message));
}

const csrfMessage = 'This form has expired or did not come from this site. Go back, reload the page and try again.';

/** One error handler: 4xx go to the client as { error: { code, message } } (a page for the review page); 5xx details go to the log only. */
export default fp(
  async function errorsPlugin(app: FastifyInstance) {
    app.setErrorHandler((err: FastifyError | DomainError, request, reply) => {
      if (err instanceof DomainError) {
        const code = err.code ?? (err.kind === 'invalid' ? 'invalid_request' : err.kind);
        return send(request, reply, statusByKind[err.kind], code, err.message, err.field);
      }
      const status = err.statusCode ?? 500;
      if (err.validation) {
        // Fastify names the field: "body/email must be string", "querystring/limit must be <= 500".
        // For a list of words it says only "must be equal to one of the allowed values": name them.
        const first = err.validation[0];
        const allowed = first?.keyword === 'enum' ? (first.params as { allowedValues?: unknown[] }).allowedValues : undefined;
        const message = allowed ? `${err.validationContext}${first!.instancePath}: must be one of ${allowed.join(', ')}` : err.message;
        const missing = first?.keyword === 'required' ? (first.params as { missingProperty?: string }).missingProperty : undefined;
        const field = missing ?? (first?.instancePath.replace(/^\//, '').replaceAll('/', '.') || undefined);
        return send(request, reply, 400, 'invalid_request', message, field);
      }
      if (status >= 400 && status < 500) {
        const csrf = err.code?.startsWith('FST_CSRF');
        return send(request, reply, status, csrf ? 'csrf' : (codeByStatus[status] ?? 'bad_request'), csrf ? csrfMessage : err.message);
      }
      // busboy's words for a form upload that is cut short or not a form at all: the client's fault.
      if (/^(Multipart: |Unexpected end of form|Malformed part header)/.test(err.message)) {
        return send(request, reply, 400, 'invalid_request', 'The upload was cut short or is not a form; choose the file and send it again.');
      }
      request.log.error({ err }, 'request failed');
      return send(request, reply, 500, 'internal', 'Internal error; the details are in the relay log');
    });
    app.setNotFoundHandler((request, reply) => send(request, reply, 404, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
  },
  { name: 'errors' },
);
