import type { FastifyPluginAsync } from 'fastify';
import type { Organization } from '../../../program/program.model.js';
import { pageContext } from '../../page.js';
import { organizationsPage } from '../../views/program/organizations.js';
import { FormBody, IdParams, keptForm, submit, type Form } from './form.js';

/** /program/organizations: the list with each one's number of people, create, rename. */
const organizationPages: FastifyPluginAsync = async (app) => {
  const { program } = app.services;

  app.get('/program/organizations', { schema: { hide: true } }, async (req, reply) => {
    const kept = keptForm(req, 'new-organization');
    return reply.send(organizationsPage(await pageContext(req, reply), await program.organizationsWithCounts(), kept));
  });

  app.post('/program/organizations', { schema: { hide: true, body: FormBody('name', 'kind') } }, async (req, reply) => {
    const b = req.body as Form<'name' | 'kind'>;
    return submit(req, reply, { back: '/program/organizations', form: 'new-organization', done: (o: Organization) => `Organization ${o.name} created.` }, () =>
      program.createOrganization({ name: b.name ?? '', kind: b.kind ?? '' }),
    );
  });

  app.post('/program/organizations/:id', { schema: { hide: true, params: IdParams, body: FormBody('name', 'kind') } }, async (req, reply) => {
    const { id } = req.params as { id: number };
    const b = req.body as Form<'name' | 'kind'>;
    return submit(req, reply, { back: '/program/organizations', done: (o: Organization) => `Organization ${o.name} saved.` }, () =>
      program.updateOrganization(id, { name: b.name, kind: b.kind }),
    );
  });
};

export default organizationPages;
