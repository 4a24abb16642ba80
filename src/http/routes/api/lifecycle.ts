import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CheckIn, CheckInQuery, Communication, CommunicationPatch, CommunicationQuery, Guardian, NewCommunication, NewGuardian } from '../../lifecycle-schemas.js';
import { IdParams, Items, errors } from '../../schemas.js';

/** A protégé's guardians, the communications log, and the check-ins due from it. */
const lifecycleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { guardians, communications } = app.services;

  app.get(
    '/people/:id/guardians',
    { schema: { tags: ['guardians'], summary: "A protégé's guardians, in the order they were linked", params: IdParams, response: { 200: Items(Guardian), ...errors(401, 404, 422) } } },
    async (req) => ({ items: await guardians.list(req.params.id) }),
  );

  app.post(
    '/people/:id/guardians',
    {
      schema: {
        tags: ['guardians'],
        summary: 'Link a guardian to a protégé: the parent with this address, or a new person of role parent (409 if linked already or the address is not a parent’s)',
        params: IdParams,
        body: NewGuardian,
        response: { 201: Guardian, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => reply.code(201).send(await guardians.add(req.params.id, req.body, req.principal!.actor)),
  );

  app.post(
    '/communications',
    {
      schema: {
        tags: ['communications'],
        summary: 'Record a contact with a mentor, a protégé or a parent (kind check-in for a staff check-in)',
        body: NewCommunication,
        response: { 201: Communication, ...errors(400, 401, 403, 422) },
      },
    },
    async (req, reply) => reply.code(201).send(await communications.record(req.body, req.principal!.actor)),
  );

  app.get(
    '/communications',
    { schema: { tags: ['communications'], summary: 'The communications log, newest first', querystring: CommunicationQuery, response: { 200: Items(Communication), ...errors(400, 401) } } },
    async (req) => ({ items: await communications.list(req.query) }),
  );

  app.patch(
    '/communications/:id',
    {
      schema: {
        tags: ['communications'],
        summary: "Mark an entry's follow-up done, or open again (422 for an entry without a follow-up)",
        params: IdParams,
        body: CommunicationPatch,
        response: { 200: Communication, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (req) => communications.setFollowUpDone(req.params.id, req.body.followUpDone, req.principal!.actor),
  );

  app.get(
    '/checkins',
    {
      schema: {
        tags: ['check-ins'],
        summary: 'Every mentor and protégé of an active or paused pair with their last check-in and when the next is due, soonest first',
        querystring: CheckInQuery,
        response: { 200: Items(CheckIn), ...errors(400, 401) },
      },
    },
    async (req) => ({
      items: (await communications.checkIns({ overdue: req.query.status === 'overdue' })).map((c) => ({
        personId: c.personId,
        role: c.role,
        lastCheckInAt: c.lastCheckInAt,
        dueAt: c.dueAt,
        responsiblePersonId: c.responsiblePersonId,
      })),
    }),
  );
};

export default lifecycleRoutes;
