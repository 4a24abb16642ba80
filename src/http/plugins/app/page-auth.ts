import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { forbidden } from '../../../errors.js';
import type { StaffRole } from '../../../staff/staff.table.js';

/**
 * The pages' login, applied once per route context (the review page, the program pages): a
 * visitor without a session goes to the login page and comes back; a logged-in member of staff
 * whose role is not in `roles` gets 403 from the one error handler. Every POST carries the
 * session's CSRF token.
 */
export function requireStaff(app: FastifyInstance, roles: readonly StaffRole[]): void {
  const { staff } = app.services;
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const userId = req.session.get('userId');
    const user = userId ? await staff.get(userId) : undefined;
    if (!user) {
      const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.url)}` : '';
      return reply.redirect(`/login${next}`, 303);
    }
    if (!roles.includes(user.role)) throw forbidden(`These pages are for ${roles.join(' and ')} accounts; yours is a ${user.role} account.`);
    req.staff = user;
  });
  app.addHook('preHandler', (req, reply, done) => (req.method === 'POST' ? app.csrfProtection(req, reply, done) : done()));
}

/** Roles that set up and run the program (the /program pages). */
export const programRoles = ['coordinator', 'admin'] as const satisfies readonly StaffRole[];
