import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EmailParams, OrganizationPatch, PersonPatch } from '../../program-admin.schemas.js';
import { IdParams, Items, NewEmail, NewOrganization, NewPair, NewPerson, Organization, Pair, PairClosure, PairPatch, Person, errors } from '../../schemas.js';

/** Organizations, people and pairs. */
const programRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { program } = app.services;

  app.post('/organizations', { schema: { tags: ['program'], body: NewOrganization, response: { 201: Organization, ...errors(400, 401, 403) } } }, async (req, reply) =>
    reply.code(201).send(await program.createOrganization(req.body)),
  );
  app.get('/organizations', { schema: { tags: ['program'], response: { 200: Items(Organization), ...errors(401) } } }, async () => ({
    items: await program.listOrganizations(),
  }));

  app.patch(
    '/organizations/:id',
    { schema: { tags: ['program'], summary: 'Rename an organization or change its kind', params: IdParams, body: OrganizationPatch, response: { 200: Organization, ...errors(400, 401, 403, 404) } } },
    async (req) => program.updateOrganization(req.params.id, req.body),
  );

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

  app.patch(
    '/people/:id',
    { schema: { tags: ['program'], summary: "Rename a person or change their organization", params: IdParams, body: PersonPatch, response: { 200: Person, ...errors(400, 401, 403, 404, 422) } } },
    async (req) => program.updatePerson(req.params.id, req.body),
  );
  app.delete(
    '/people/:id/emails/:address',
    {
      schema: {
        tags: ['program'],
        summary: 'Remove an address the person writes from (never their only one: 409)',
        params: EmailParams,
        response: { 200: Person, ...errors(401, 403, 404, 409) },
      },
    },
    async (req) => program.removeEmail(req.params.id, req.params.address),
  );

  app.post(
    '/pairs',
    {
      schema: {
        tags: ['program'],
        summary: 'Create a pair: active at once, or pending with the missing onboarding steps while RELAY_REQUIRE_ONBOARDING is on',
        body: NewPair,
        response: { 201: Pair, ...errors(400, 401, 403, 409) },
      },
    },
    async (req, reply) =>
    reply.code(201).send(await program.createPair(req.body)),
  );
  app.get('/pairs', { schema: { tags: ['program'], response: { 200: Items(Pair), ...errors(401) } } }, async () => ({ items: await program.listPairs() }));
  app.get('/pairs/:id', { schema: { tags: ['program'], params: IdParams, response: { 200: Pair, ...errors(401, 404) } } }, async (req) =>
    program.getPair(req.params.id),
  );
  app.patch(
    '/pairs/:id',
    {
      schema: {
        tags: ['program'],
        summary: 'Pause, resume or close a pair; mark it trusted (409 onboarding_incomplete: it cannot open before both participants complete onboarding)',
        params: IdParams,
        body: PairPatch,
        response: { 200: Pair, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => program.updatePair(req.params.id, req.body, req.principal!.actor),
  );
  app.post(
    '/pairs/:id/close',
    {
      schema: {
        tags: ['program'],
        summary: 'Close a pair for good, with a reason and a rematch decision; its alias refuses mail, its messages and history stay (409 pair_closed when already closed)',
        params: IdParams,
        body: PairClosure,
        response: { 200: Pair, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => program.closePair(req.params.id, req.body, req.principal!.actor),
  );
};

export default programRoutes;
