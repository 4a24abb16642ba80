import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import { invalid } from '../../../errors.js';
import type { Person } from '../../../program/program.model.js';
import { personRoles, type PersonRole } from '../../../program/program.table.js';
import type { OnboardingStep } from '../../../program/onboarding.table.js';
import type { Communication } from '../../../program/communication.model.js';
import { communicationChannels, type CommunicationChannel } from '../../../program/communication.table.js';
import type { Guardian } from '../../../program/guardian.model.js';
import { staffActor } from '../../../staff/staff.service.js';
import { pageContext } from '../../page.js';
import { stepLabels } from '../../views/program/onboarding.js';
import { peoplePage, personPage, type PeopleFilter } from '../../views/program/people.js';
import { FormBody, IdParams, keptForm, keptForms, optionalId, submit, type Form } from './form.js';

const PeopleQuery = Type.Object({
  role: Type.Optional(Type.Union(personRoles.map((r) => Type.Literal(r)))),
  organizationId: Type.Optional(Type.Union([Type.Literal('none'), Type.String({ pattern: '^[0-9]+$' })])),
  q: Type.Optional(Type.String({ maxLength: 200 })),
});

/** A date typed in a form (YYYY-MM-DD), as the start of that day in UTC. */
function dayStart(field: string, value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw invalid(field, `not a date: ${JSON.stringify(value)}`);
  return `${value}T00:00:00.000Z`;
}

/** When a step happened: empty or today is now (a step recorded today happened before this moment). */
function formDate(field: 'at', value: string | undefined, now: number): { at?: string } {
  if (!value || value === new Date(now).toISOString().slice(0, 10)) return {};
  return { at: dayStart(field, value) };
}

function asRole(value: string | undefined): PersonRole {
  if (!(personRoles as readonly string[]).includes(value ?? '')) throw invalid('role', `must be one of ${personRoles.join(', ')}`);
  return value as PersonRole;
}

/** /program/people: the list with filters, create, and a person's page (addresses, organization, pairs). */
const peoplePages: FastifyPluginAsync = async (app) => {
  const { program, onboarding, guardians, communications } = app.services;

  app.get('/program/people', { schema: { hide: true, querystring: PeopleQuery } }, async (req, reply) => {
    const q = req.query as { role?: PersonRole; organizationId?: string; q?: string };
    const filter: PeopleFilter = {
      role: q.role,
      organizationId: q.organizationId === undefined ? undefined : q.organizationId === 'none' ? null : Number(q.organizationId),
      search: q.q?.trim() || undefined,
    };
    const [people, organizations] = await Promise.all([program.listPeople(filter), program.listOrganizations()]);
    const kept = keptForm(req, 'new-person');
    const standings = await onboarding.standings(people);
    return reply.send(peoplePage(await pageContext(req, reply), { people, organizations, filter, kept, standings }));
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
    const kept = keptForms(req, ['details', 'onboarding', 'guardians', 'contacts'], id);
    const hasPipeline = person.role === 'mentor' || person.role === 'protege';
    const onboardingView = hasPipeline ? { pipeline: await onboarding.get(id), kept: kept.onboarding } : undefined;
    const guardiansView = person.role === 'protege' ? { list: await guardians.list(id), kept: kept.guardians } : undefined;
    const contactsView =
      person.role === 'staff'
        ? undefined
        : { entries: await communications.list({ personId: id }), checkIn: hasPipeline ? (await communications.checkIns()).find((c) => c.personId === id) : undefined, kept: kept.contacts };
    return reply.send(
      personPage(await pageContext(req, reply), { person, organizations, pairs, kept: kept.details, onboarding: onboardingView, guardians: guardiansView, contacts: contactsView }),
    );
  });

  app.post('/program/people/:id/guardians', { schema: { hide: true, params: IdParams, body: FormBody('name', 'relationship', 'email', 'phone') } }, async (req, reply) => {
    const { id } = req.params as { id: number };
    const b = req.body as Form<'name' | 'relationship' | 'email' | 'phone'>;
    return submit(req, reply, { back: `/program/people/${id}#guardians`, form: `person-${id}-guardians`, done: (g: Guardian) => `${g.name} added as ${g.relationship}.` }, () =>
      guardians.add(id, { name: b.name ?? '', relationship: b.relationship ?? '', ...(b.email ? { email: b.email } : {}), ...(b.phone ? { phone: b.phone } : {}) }, staffActor(req.staff!)),
    );
  });

  app.post('/program/people/:id/communications', { schema: { hide: true, params: IdParams, body: FormBody('channel', 'kind', 'at', 'followUpDue', 'summary') } }, async (req, reply) => {
    const { id } = req.params as { id: number };
    const b = req.body as Form<'channel' | 'kind' | 'at' | 'followUpDue' | 'summary'>;
    return submit(req, reply, { back: `/program/people/${id}#contacts`, form: `person-${id}-contacts`, done: (c: Communication) => (c.kind === 'check-in' ? 'Check-in recorded.' : 'Contact recorded.') }, () => {
      if (!(communicationChannels as readonly string[]).includes(b.channel ?? '')) throw invalid('channel', `must be one of ${communicationChannels.join(', ')}`);
      return communications.record(
        {
          personId: id,
          channel: b.channel as CommunicationChannel,
          summary: b.summary ?? '',
          ...(b.kind ? { kind: b.kind } : {}),
          ...formDate('at', b.at, app.services.clock.now()),
          ...(b.followUpDue ? { followUpDue: dayStart('followUpDue', b.followUpDue) } : {}),
        },
        staffActor(req.staff!),
      );
    });
  });

  app.post('/program/communications/:id/follow-up', { schema: { hide: true, params: IdParams, body: FormBody('done', 'personId') } }, async (req, reply) => {
    const { id } = req.params as { id: number };
    const b = req.body as Form<'done' | 'personId'>;
    const back = /^\d+$/.test(b.personId ?? '') ? `/program/people/${b.personId}#contacts` : '/program';
    return submit(req, reply, { back, done: (c: Communication) => (c.followUpDoneAt ? 'Follow-up marked done.' : 'Follow-up open again.') }, () =>
      communications.setFollowUpDone(id, b.done === 'yes', staffActor(req.staff!)),
    );
  });

  app.post('/program/people/:id/onboarding', { schema: { hide: true, params: IdParams, body: FormBody('step', 'status', 'at', 'expiresAt', 'note', 'guardianId') } }, async (req, reply) => {
    const { id } = req.params as { id: number };
    const b = req.body as Form<'step' | 'status' | 'at' | 'expiresAt' | 'note' | 'guardianId'>;
    const back = `/program/people/${id}#onboarding`;
    return submit(req, reply, { back, form: `person-${id}-onboarding`, done: (r: { message: string }) => r.message }, async () => {
      const step = b.step ?? '';
      const failed = b.status === 'failed';
      if (!failed && b.status !== 'done') throw invalid('status', 'choose done or failed');
      // On the page a permission always names who signed it (the API leaves guardianId optional).
      if (step === 'parental-permission' && !failed && !b.guardianId) throw invalid('guardianId', 'choose the guardian who signed the permission (add them under Parents and guardians first)');
      const { pipeline, openedPairs, pausedPairs } = await onboarding.recordStep(
        id,
        {
          step,
          // The page offers one word for success; a background check's is "cleared".
          status: failed ? 'failed' : step === 'background-check' ? 'cleared' : 'done',
          ...formDate('at', b.at, app.services.clock.now()),
          ...(b.expiresAt ? { expiresAt: dayStart('expiresAt', b.expiresAt) } : {}),
          ...(b.note?.trim() ? { note: b.note } : {}),
          ...(b.guardianId ? { guardianId: optionalId(b.guardianId, 'guardianId') } : {}),
        },
        staffActor(req.staff!),
      );
      const label = stepLabels[step as OnboardingStep] ?? step;
      const theirs = openedPairs.length || pausedPairs.length ? await program.pairsWithNames({ personId: id }) : [];
      const opened = theirs.filter((p) => openedPairs.includes(p.id));
      const paused = theirs.filter((p) => pausedPairs.includes(p.id));
      return {
        pipeline,
        message: [
          `${label} recorded as ${failed ? 'failed' : step === 'background-check' ? 'cleared' : 'done'}.`,
          ...opened.map((p) => `The pair ${p.mentorName} ↔ ${p.protegeName} is open: they can write to ${p.alias}.`),
          ...paused.map((p) => `The pair ${p.mentorName} ↔ ${p.protegeName} is paused until a new attempt succeeds.`),
        ].join(' '),
      };
    });
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
