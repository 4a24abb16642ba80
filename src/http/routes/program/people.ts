import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import { invalid } from '../../../errors.js';
import type { Person } from '../../../program/program.model.js';
import { personRoles, type PersonRole } from '../../../program/program.table.js';
import { pageContext } from '../../page.js';
import { peoplePage, personPage, type PeopleFilter } from '../../views/program/people.js';
import { FormBody, IdParams, keptForm, optionalId, submit, type Form } from './form.js';

const PeopleQuery = Type.Object({
  role: Type.Optional(Type.Union(personRoles.map((r) => Type.Literal(r)))),
  organizationId: Type.Optional(Type.Union([Type.Literal('none'), Type.String({ pattern: '^[0-9]+$' })])),
  q: Type.Optional(Type.String({ maxLength: 200 })),
});

function asRole(value: string | undefined): PersonRole {
  if (!(personRoles as readonly string[]).includes(value ?? '')) throw invalid('role', `must be one of ${personRoles.join(', ')}`);
  return value as PersonRole;
}

/** /program/people: the list with filters, create, and a person's page (addresses, organization, pairs). */
const peoplePages: FastifyPluginAsync = async (app) => {
  const { program } = app.services;

  app.get('/program/people', { schema: { hide: true, querystring: PeopleQuery } }, async (req, reply) => {
    const q = req.query as { role?: PersonRole; organizationId?: string; q?: string };
    const filter: PeopleFilter = {
      role: q.role,
      organizationId: q.organizationId === undefined ? undefined : q.organizationId === 'none' ? null : Number(q.organizationId),
      search: q.q?.trim() || undefined,
    };
    const [people, organizations] = await Promise.all([program.listPeople(filter), program.listOrganizations()]);
    const kept = keptForm(req, 'new-person');
    return reply.send(peoplePage(await pageContext(req, reply), { people, organizations, filter, kept }));
  });

  app.post('/program/people', { schema: { hide: true, body: FormBody('name', 'role', 'organizationId', 'email') } }, async (req, reply) => {
    const b = req.body as Form<'name' | 'role' | 'organizationId' | 'email'>;
    return submit(
      req,
      reply,
      { back: '/program/people', form: 'new-person', done: (p: Person) => `${p.name} added.`, next: (p: Person) => `/program/people/${p.id}` },
      () => program.createPerson({ name: b.name ?? '', email: b.email ?? '', role: asRole(b.role), organizationId: optionalId(b.organizationId, 'organizationId') }),
    );
  });

  app.get('/program/people/:id', { schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const { id } = req.params as { id: number };
    const [person, organizations, pairs] = await Promise.all([program.getPerson(id), program.listOrganizations(), program.pairsWithNames({ personId: id })]);
    const kept = keptForm(req, `person-${id}`);
    return reply.send(personPage(await pageContext(req, reply), { person, organizations, pairs, kept }));
  });

  app.post('/program/people/:id', { schema: { hide: true, params: IdParams, body: FormBody('name', 'organizationId') } }, async (req, reply) => {
    const { id } = req.params as { id: number };
    const b = req.body as Form<'name' | 'organizationId'>;
    return submit(req, reply, { back: `/program/people/${id}`, form: `person-${id}`, done: (p: Person) => `${p.name} saved.` }, () =>
      program.updatePerson(id, { name: b.name ?? '', organizationId: optionalId(b.organizationId, 'organizationId') }),
    );
  });

  app.post('/program/people/:id/emails', { schema: { hide: true, params: IdParams, body: FormBody('email') } }, async (req, reply) => {
    const { id } = req.params as { id: number };
    const email = (req.body as Form<'email'>).email ?? '';
    return submit(req, reply, { back: `/program/people/${id}`, form: `person-${id}`, done: (p: Person) => `${email.trim().toLowerCase()} added to ${p.name}.` }, () =>
      program.addEmail(id, email),
    );
  });

  app.post('/program/people/:id/emails/remove', { schema: { hide: true, params: IdParams, body: FormBody('email') } }, async (req, reply) => {
    const { id } = req.params as { id: number };
    const email = (req.body as Form<'email'>).email ?? '';
    return submit(req, reply, { back: `/program/people/${id}`, done: (p: Person) => `${email.trim().toLowerCase()} removed from ${p.name}.` }, () => program.removeEmail(id, email));
  });
};

export default peoplePages;
