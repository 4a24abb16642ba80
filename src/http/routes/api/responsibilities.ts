import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { sheetCsv } from '../../../program/sheet.js';
import { pageCsp } from '../../page.js';
import { Assignment, NewTask, ProgramEvent, Responsibility, SendResult, SheetQuery, SheetState, TaskPatch } from '../../responsibility-schemas.js';
import { IdParams, Items, errors } from '../../schemas.js';
import { sheetDocument } from '../../../program/sheet-document.js';

/** The responsibility matrix: one organization and one person of it for each task; its sheet, and sending it. */
const responsibilityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { responsibilities, config, clock } = app.services;
  const tags = ['responsibilities'];

  app.get('/responsibilities', { schema: { tags, summary: 'Every task, in order, with who is responsible (null where unassigned)', response: { 200: Items(Responsibility), ...errors(401) } } }, async () => ({
    items: await responsibilities.list(),
  }));

  app.post('/responsibilities', { schema: { tags, summary: "Add a program's own task at the end", body: NewTask, response: { 201: Responsibility, ...errors(400, 401, 403, 409) } } }, async (req, reply) =>
    reply.code(201).send(await responsibilities.create(req.body.task, req.principal!.actor)),
  );

  app.get('/responsibilities/history', { schema: { tags, summary: 'Every change to every task, newest first', response: { 200: Items(ProgramEvent), ...errors(401) } } }, async () => ({
    items: await responsibilities.history(),
  }));

  app.get(
    '/responsibilities/sheet',
    {
      schema: {
        tags,
        summary: 'The written assignment sheet: an HTML print view, or CSV with ?format=csv (retired tasks left out)',
        querystring: SheetQuery,
        response: { 200: Type.String({ description: 'text/html or text/csv' }), ...errors(400, 401) },
      },
    },
    async (req, reply) => {
      const rows = await responsibilities.sheet();
      if (req.query.format === 'csv') {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="responsibilities.csv"').serializer((s: string) => s).send(sheetCsv(rows));
      }
      return reply.type('text/html; charset=utf-8').header('content-security-policy', pageCsp()).serializer((s: string) => s).send(sheetDocument({ programName: config.programName, at: clock.now(), rows }));
    },
  );

  app.get('/responsibilities/send', { schema: { tags, summary: 'When the sheet was last sent, to whom, and whether the matrix changed since', response: { 200: SheetState, ...errors(401) } } }, async () =>
    responsibilities.sheetState(),
  );

  app.post(
    '/responsibilities/send',
    { schema: { tags, summary: 'Mail the sheet to every organizer through the outbox, and record the send', response: { 202: SendResult, ...errors(401, 403, 409, 429) } } },
    async (req, reply) => {
      const send = await responsibilities.send(req.principal!.actor);
      return reply.code(202).send({ id: send.id, sentAt: send.sentAt, recipients: send.recipients.map((r) => r.email), organizers: send.recipients });
    },
  );

  app.put(
    '/responsibilities/:id',
    { schema: { tags, summary: 'Set the organization and person responsible; both null unassigns', params: IdParams, body: Assignment, response: { 200: Responsibility, ...errors(400, 401, 403, 404, 422) } } },
    async (req) => responsibilities.assign(req.params.id, req.body, req.principal!.actor),
  );

  app.patch(
    '/responsibilities/:id',
    { schema: { tags, summary: 'Rename a task, retire it or restore it', params: IdParams, body: TaskPatch, response: { 200: Responsibility, ...errors(400, 401, 403, 404, 409) } } },
    async (req) => responsibilities.update(req.params.id, req.body, req.principal!.actor),
  );

  app.get('/responsibilities/:id/history', { schema: { tags, summary: "One task's changes, newest first", params: IdParams, response: { 200: Items(ProgramEvent), ...errors(401, 404) } } }, async (req) => ({
    items: await responsibilities.history(req.params.id),
  }));
};

export default responsibilityRoutes;
