import type { FastifyPluginAsync } from 'fastify';
import { programRoles, requireStaff } from '../../plugins/app/page-auth.js';
import { pageContext } from '../../page.js';
import { overviewPage } from '../../views/program/overview.js';
import organizationPages from './organizations.js';
import pairPages from './pairs.js';
import peoplePages from './people.js';
import staffPages from './staff.js';
import importPages from './import.js';
import responsibilityPages from './responsibilities.js';
import dashboardPages from './dashboard.js';

/**
 * The coordinator's pages under /program: the same login as /review, for coordinators and admins
 * only (a reviewer gets 403), every POST with the session's CSRF token. Each section is its own
 * plugin file beside this one, registered inside this context so the hooks apply to it.
 */
const programPages: FastifyPluginAsync = async (app) => {
  requireStaff(app, programRoles);
  const { program, messages, responsibilities, communications } = app.services;

  app.get('/program', { schema: { hide: true } }, async (req, reply) => {
    const [attention, held, tasks, overdueCheckIns] = await Promise.all([program.attention(), messages.queueSummary(), responsibilities.list(), communications.checkIns({ overdue: true })]);
    // A task is covered once a person of the responsible organization is named (the seed's ONE person).
    const unassignedTasks = tasks.filter((t) => t.personId === null).map((t) => ({ id: t.id, task: t.task }));
    return reply.send(overviewPage(await pageContext(req, reply), { ...attention, held, overdueCheckIns }, unassignedTasks));
  });

  await app.register(dashboardPages);
  await app.register(organizationPages);
  await app.register(peoplePages);
  await app.register(pairPages);
  await app.register(staffPages);
  await app.register(importPages);
  await app.register(responsibilityPages);
};

export default programPages;
