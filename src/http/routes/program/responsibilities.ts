import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, invalid, notFound } from '../../../errors.js';
import { sheetCsv } from '../../../program/sheet.js';
import { staffActor } from '../../../staff/staff.service.js';
import { pageContext, pageCsp, setFlash } from '../../page.js';
import { responsibilitiesPage } from '../../views/program/responsibilities.js';
import { sheetDocument } from '../../../program/sheet-document.js';

type Form = Record<string, string | string[] | undefined>;

const field = (body: unknown, name: string): string => {
  const v = (body as Form | undefined)?.[name];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).toString().trim();
};

/** A select's value: empty is null (nothing chosen), anything else a positive id. */
const optionalId = (body: unknown, name: string): number | null => {
  const v = field(body, name);
  if (v === '') return null;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw invalid(name, `not an id: ${JSON.stringify(v)}`);
  return Number(v);
};

const taskId = (req: FastifyRequest): number => {
  const id = Number((req.params as { id?: string }).id);
  if (!Number.isInteger(id) || id < 1) throw notFound('task');
  return id;
};

const fieldLabels: Record<string, string> = { organizationId: 'Organization', personId: 'Person', task: 'Task' };

/** A refusal as a coordinator reads it, the field named as the form names it: "Person: person 7 (…) belongs to …". */
const refusal = (err: DomainError) =>
  err.field && err.message.startsWith(`${err.field}: `) ? `${fieldLabels[err.field] ?? err.field}: ${err.message.slice(err.field.length + 2)}` : err.message;

/** The responsibility matrix's page and its print view; registered inside the program pages' context (login, roles, CSRF). */
const responsibilityPages: FastifyPluginAsync = async (app) => {
  const { responsibilities, program, config, clock } = app.services;
  const actor = (req: FastifyRequest) => staffActor(req.staff!);

  /**
   * Runs a change; its outcome (or the refusal, naming the field) is the flash on the page it returns
   * to. A change to one task returns to that task (`?task=ID#task-ID`), where the flash is repeated;
   * an assignment goes on to the next task still without a person, its first field focused.
   */
  const change = async (req: FastifyRequest, reply: FastifyReply, task: number | null, run: () => Promise<string>, next?: () => Promise<number | null>) => {
    try {
      setFlash(req, 'ok', await run());
      // Assigning one task after another: go on to the next task that still has no one, not back to this one.
      if (next) task = (await next()) ?? task;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      setFlash(req, 'error', refusal(err));
    }
    return reply.redirect(task === null ? '/program/responsibilities' : `/program/responsibilities?task=${task}#task-${task}`, 303);
  };

  /** The next task in order after `id` with no person responsible, wrapping round; null when none is left. */
  const nextUnassigned = async (id: number): Promise<number | null> => {
    const open = (await responsibilities.list()).filter((t) => t.personId === null);
    const at = (await responsibilities.get(id)).position;
    return (open.find((t) => t.position > at) ?? open[0])?.id ?? null;
  };

  app.get('/program/responsibilities', { schema: { hide: true } }, async (req, reply) => {
    const [items, organizations, people, history, sheet] = await Promise.all([
      responsibilities.list(),
      program.listOrganizations(),
      program.listPeople(),
      responsibilities.history(),
      responsibilities.sheetState(),
    ]);
    // Organizers are the ones a task goes to: staff of an organization, and anyone already responsible.
    const responsible = new Set(items.map((r) => r.personId));
    const choosable = people.filter((p) => p.organizationId !== null && (p.role === 'staff' || responsible.has(p.id)));
    const task = Number((req.query as { task?: string }).task) || null;
    return reply.send(responsibilitiesPage(await pageContext(req, reply), { items, organizations, people: choosable, history, sheet, flashTask: task }));
  });

  app.get('/program/responsibilities/sheet', { schema: { hide: true } }, async (req, reply) => {
    const rows = await responsibilities.sheet();
    if ((req.query as { format?: string }).format === 'csv') {
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="responsibilities.csv"').send(sheetCsv(rows));
    }
    const doc = sheetDocument({ programName: config.programName, at: clock.now(), rows, screen: { backHref: '/program/responsibilities', csvHref: '/program/responsibilities/sheet?format=csv' } });
    return reply.type('text/html; charset=utf-8').header('content-security-policy', pageCsp()).send(doc);
  });

  app.post('/program/responsibilities', { schema: { hide: true } }, async (req, reply) =>
    change(req, reply, null, async () => {
      const r = await responsibilities.create(field(req.body, 'task'), actor(req));
      return `Task ${r.position} added: ${r.task}.`;
    }),
  );

  app.post('/program/responsibilities/send', { schema: { hide: true } }, async (req, reply) =>
    change(req, reply, null, async () => {
      const send = await responsibilities.send(actor(req));
      return `The sheet is on its way to ${send.recipients.length} organizer${send.recipients.length === 1 ? '' : 's'}: ${send.recipients.map((r) => r.email).join(', ')}.`;
    }),
  );

  app.post('/program/responsibilities/:id/assign', { schema: { hide: true } }, async (req, reply) => {
    const id = taskId(req);
    return change(req, reply, id, async () => {
      const r = await responsibilities.assign(id, { organizationId: optionalId(req.body, 'organizationId'), personId: optionalId(req.body, 'personId') }, actor(req));
      if (!r.organizationName) return `Task ${r.position} is unassigned.`;
      return `Task ${r.position} assigned to ${r.organizationName}${r.personName ? `, ${r.personName}` : ' (person not chosen yet)'}.`;
    }, () => nextUnassigned(id));
  });

  app.post('/program/responsibilities/:id/rename', { schema: { hide: true } }, async (req, reply) => {
    const id = taskId(req);
    return change(req, reply, id, async () => `Task ${(await responsibilities.update(id, { task: field(req.body, 'task') }, actor(req))).position} renamed.`);
  });

  app.post('/program/responsibilities/:id/retire', { schema: { hide: true } }, async (req, reply) => {
    const id = taskId(req);
    const retired = field(req.body, 'retired') !== '0';
    return change(req, reply, null, async () => {
      const r = await responsibilities.update(id, { retired }, actor(req));
      return retired ? `Retired: ${r.task}. It is no longer on the sheet.` : `Restored: ${r.task}.`;
    });
  });
};

export default responsibilityPages;
