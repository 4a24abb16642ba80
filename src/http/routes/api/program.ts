import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, Items, NewEmail, NewOrganization, NewPair, NewPerson, Organization, Pair, PairPatch, Person, errors } from '../../schemas.js';

/** Organizations, people and pairs. */
const programRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { program } = app.services;

  app.post('/organizations', { schema: { tags: ['program'], body: NewOrganization, response: { 201: Organization, ...errors(400, 401, 403) } } }, async (req, reply) =>
    reply.code(201).send(await program.createOrganization(req.body)),
  );
  app.get('/organizations', { schema: { tags: ['program'], response: { 200: Items(Organization), ...errors(401) } } }, async () => ({
    items: await program.listOrganizations(),
  }));

  app.post('/people', { schema: { tags: ['program'], body: NewPerson, response: { 201: Person, ...errors(400, 401, 403, 409) } } }, async (req, reply) =>
    reply.code(201).send(await program.createPerson(req.body)),
  );
  app.get('/people', { schema: { tags: ['program'], response: { 200: Items(Person), ...errors(401) } } }, async () => ({ items: await program.listPeople() }));
  app.get('/people/:id', { schema: { tags: ['program'], params: IdParams, response: { 200: Person, ...errors(401, 404) } } }, async (req) =>
    program.getPerson(req.params.id),
  );
  app.post(
    '/people/:id/emails',
    { schema: { tags: ['program'], summary: 'Add an address the person also writes from', params: IdParams, body: NewEmail, response: { 200: Person, ...errors(400, 401, 403, 404, 409) } } },
    async (req) => program.addEmail(req.params.id, req.body.email),
  );

  app.post('/pairs', { schema: { tags: ['program'], body: NewPair, response: { 201: Pair, ...errors(400, 401, 403, 409) } } }, async (req, reply) =>
    reply.code(201).send(await program.createPair(req.body)),
  );
  app.get('/pairs', { schema: { tags: ['program'], response: { 200: Items(Pair), ...errors(401) } } }, async () => ({ items: await program.listPairs() }));
  app.get('/pairs/:id', { schema: { tags: ['program'], params: IdParams, response: { 200: Pair, ...errors(401, 404) } } }, async (req) =>
    program.getPair(req.params.id),
  );
  app.patch(
    '/pairs/:id',
    { schema: { tags: ['program'], summary: 'Pause, resume or close a pair; mark it trusted', params: IdParams, body: PairPatch, response: { 200: Pair, ...errors(400, 401, 403, 404, 409) } } },
    async (req) => program.updatePair(req.params.id, req.body, req.principal!.actor),
  );
};

export default programRoutes;
