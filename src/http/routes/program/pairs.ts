import type { FastifyPluginAsync } from 'fastify';
import { invalid, notFound } from '../../../errors.js';
import type { Pair } from '../../../program/program.model.js';
import { closeReasons, type CloseReason } from '../../../program/program.table.js';
import { staffActor } from '../../../staff/staff.service.js';
import { pageContext } from '../../page.js';
import { closePairPage, pairsPage } from '../../views/program/pairs.js';
import { FormBody, IdParams, keptForm, optionalId, submit, type Form } from './form.js';

/** /program/pairs: the list, create, pause, resume, and close after a confirmation step. */
const pairPages: FastifyPluginAsync = async (app) => {
  const { program } = app.services;

  const nameOf = async (id: number) => (await program.pairsWithNames({})).find((p) => p.id === id);

  app.get('/program/pairs', { schema: { hide: true } }, async (req, reply) => {
    const [pairs, people] = await Promise.all([program.pairsWithNames(), program.listPeople()]);
    const inOpenPair = new Set(pairs.filter((p) => p.status !== 'closed').flatMap((p) => [p.mentorId, p.protegeId]));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    return reply.send(
      pairsPage(await pageContext(req, reply), {
        pairs,
        mentors: people.filter((p) => p.role === 'mentor').sort(byName),
        proteges: people.filter((p) => p.role === 'protege').sort(byName),
        inOpenPair,
        kept: keptForm(req, 'new-pair'),
      }),
    );
  });

  app.post('/program/pairs', { schema: { hide: true, body: FormBody('mentorId', 'protegeId') } }, async (req, reply) => {
    const b = req.body as Form<'mentorId' | 'protegeId'>;
    const done = (p: Pair) => (p.status === 'pending' ? `Pair created. It is pending: it opens by itself when both have completed onboarding, and they will write to ${p.alias}.` : `Pair created: they write to ${p.alias}.`);
    return submit(req, reply, { back: '/program/pairs', form: 'new-pair', done }, async () => {
      const mentorId = optionalId(b.mentorId, 'mentorId');
      const protegeId = optionalId(b.protegeId, 'protegeId');
      if (mentorId === null) throw invalid('mentorId', 'choose a mentor');
      if (protegeId === null) throw invalid('protegeId', 'choose a protégé');
      return program.createPair({ mentorId, protegeId });
    });
  });

  app.post('/program/pairs/:id/status', { schema: { hide: true, params: IdParams, body: FormBody('status') } }, async (req, reply) => {
    const { id } = req.params as { id: number };
    const status = (req.body as Form<'status'>).status;
    return submit(req, reply, { back: '/program/pairs', done: (p: Pair) => `Pair ${p.alias} ${p.status === 'paused' ? 'paused' : 'resumed'}.` }, async () => {
      // Closing has its own confirmation step; this form only pauses and resumes.
      if (status !== 'active' && status !== 'paused') throw invalid('status', 'must be active or paused');
      return program.updatePair(id, { status }, staffActor(req.staff!));
    });
  });

  app.get('/program/pairs/:id/close', { schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const { id } = req.params as { id: number };
    const pair = await nameOf(id);
    if (!pair) throw notFound(`pair ${id}`);
    if (pair.status === 'closed') return reply.redirect('/program/pairs', 303);
    return reply.send(closePairPage(await pageContext(req, reply), pair, keptForm(req, `close-${id}`)));
  });

  app.post('/program/pairs/:id/close', { schema: { hide: true, params: IdParams, body: FormBody('reason', 'rematch', 'note') } }, async (req, reply) => {
    const { id } = req.params as { id: number };
    const b = req.body as Form<'reason' | 'rematch' | 'note'>;
    return submit(req, reply, { back: `/program/pairs/${id}/close`, form: `close-${id}`, next: () => '/program/pairs', done: (p: Pair) => `Pair ${p.alias} closed.` }, () => {
      if (!(closeReasons as readonly string[]).includes(b.reason ?? '')) throw invalid('reason', 'choose why the pair closes');
      if (b.rematch !== 'yes' && b.rematch !== 'no') throw invalid('rematch', 'choose whether to match them again');
      return program.closePair(id, { reason: b.reason as CloseReason, rematch: b.rematch === 'yes', ...(b.note ? { note: b.note } : {}) }, staffActor(req.staff!));
    });
  });
};

export default pairPages;
