import type { FastifyPluginAsync } from 'fastify';
import { programRoles, requireStaff } from '../../plugins/page-auth.js';
import { pageContext } from '../../plugins/web.js';
import { html } from '../../views/html.js';
import { programLayout } from '../../views/program/nav.js';
import responsibilityPages from './responsibilities.js';

/**
 * The coordinator's pages under /program: the same login as /review, for coordinators and admins
 * only (a reviewer gets 403), every POST with the session's CSRF token. Each section is its own
 * plugin file beside this one, registered inside this context so the hooks apply to it.
 */
const programPages: FastifyPluginAsync = async (app) => {
  requireStaff(app, programRoles);

  app.get('/program', { schema: { hide: true } }, async (req, reply) =>
    reply.send(programLayout(await pageContext(req, reply), '/program', 'Program', html`<h1>Program</h1>`)),
  );

  await app.register(responsibilityPages);
};

export default programPages;
