import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Principal, TokenService } from '../../../auth/token.service.js';
import { forbidden, unauthorized } from '../../../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Reviewers may call this route although it changes state (deciding messages). */
    reviewer?: boolean;
    /** Only an admin token may read this route: it names the program's people beyond what review needs (the reports). */
    adminOnly?: boolean;
  }
}

/**
 * Bearer-token auth for every route of the context it is registered in (the whole /api prefix),
 * applied once here rather than remembered route by route. Reviewers may read and decide messages;
 * everything else that changes state, and the reports that name the program's people, need an admin token.
 */
export default fp(
  async function authPlugin(app: FastifyInstance, opts: { tokens: TokenService }) {
    app.decorateRequest('principal', null);
    app.addHook('onRequest', async (request: FastifyRequest, reply) => {
      const header = request.headers.authorization ?? '';
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const principal = match ? await opts.tokens.verify(match[1]!) : null;
      if (!principal) {
        reply.header('www-authenticate', 'Bearer realm="mentor-relay"');
        throw unauthorized(match ? 'the bearer token is not valid' : 'this API needs an Authorization: Bearer <token> header');
      }
      const readOnly = request.method === 'GET' || request.method === 'HEAD';
      if (principal.role !== 'admin' && !readOnly && !request.routeOptions.config.reviewer) {
        throw forbidden(`a ${principal.role} token cannot do this; it needs an admin token`);
      }
      if (principal.role !== 'admin' && request.routeOptions.config.adminOnly) {
        throw forbidden(`a ${principal.role} token cannot read this; it needs an admin token`);
      }
      request.principal = principal;
    });
  },
  { name: 'auth' },
);
