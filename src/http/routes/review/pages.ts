import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, forbidden } from '../../../errors.js';
import type { Skipped } from '../../../review/review.service.js';
import { staffActor } from '../../../staff/staff.service.js';
import { requireStaff } from '../../plugins/app/page-auth.js';
import { pageContext, setFlash } from '../../page.js';
import { staffRoles } from '../../../staff/staff.table.js';
import { decisionsPage, templatesPage } from '../../views/admin.js';
import { messagePage } from '../../views/message.js';
import { queuePage } from '../../views/queue.js';

type Form = Record<string, string | string[] | undefined>;

const field = (body: unknown, name: string): string => {
  const v = (body as Form | undefined)?.[name];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).toString();
};

const idParam = (req: FastifyRequest): number => {
  const id = Number((req.params as { id?: string }).id);
  if (!Number.isInteger(id) || id < 1) throw new DomainError('not_found', 'no such message');
  return id;
};

const skipReasons: Record<Skipped['code'], string> = { not_screened: 'still being screened', pair_inactive: 'pair not active' };

/** "2 approved; 1 skipped: still being screened; 1 skipped: pair not active." */
function batchSummary(approved: number, skipped: Skipped[]): string {
  const parts = [`${approved} approved`];
  for (const code of Object.keys(skipReasons) as Skipped['code'][]) {
    const n = skipped.filter((s) => s.code === code).length;
    if (n > 0) parts.push(`${n} skipped: ${skipReasons[code]}`);
  }
  return `${parts.join('; ')}.`;
}

/**
 * The review page: every route here needs a logged-in staff member (one hook for the whole
 * prefix), and every POST a CSRF token. Decisions happen on POST only, then redirect (303).
 */
const reviewPages: FastifyPluginAsync = async (app) => {
  const { messages, review, program, templates } = app.services;

  requireStaff(app, staffRoles);

  const actor = (req: FastifyRequest) => staffActor(req.staff!);

  /** After a decision: the next held message, or the queue when none is left. */
  const goNext = async (reply: FastifyReply, fromId: number) => {
    const next = await messages.nextHeld(fromId);
    return reply.redirect(next ? `/review/messages/${next}` : '/review', 303);
  };

  const decided = async (req: FastifyRequest, reply: FastifyReply, id: number, decide: () => Promise<unknown>, done: string) => {
    try {
      await decide();
      setFlash(req, 'ok', done);
      return goNext(reply, id);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      setFlash(req, 'error', err.message);
      return reply.redirect(`/review/messages/${id}`, 303);
    }
  };

  app.get('/review', { schema: { hide: true } }, async (req, reply) => {
    const q = req.query as { pairId?: string; flag?: string; cursor?: string };
    const pairId = q.pairId && /^\d+$/.test(q.pairId) ? Number(q.pairId) : undefined;
    const flag = q.flag || undefined;
    const [page, summary, pairs] = await Promise.all([
      messages.list({ status: 'held', pairId, flag, cursor: q.cursor || undefined, limit: 25 }),
      messages.queueSummary(),
      program.pairLabels(),
    ]);
    return reply.send(queuePage(await pageContext(req, reply), { ...page, ...summary, pairs, filter: { pairId, flag } }));
  });

  app.post('/review/approve-selected', { schema: { hide: true } }, async (req, reply) => {
    const raw = (req.body as Form | undefined)?.ids;
    const ids = (Array.isArray(raw) ? raw : raw ? [raw] : []).map(Number).filter((n) => Number.isInteger(n) && n > 0);
    if (ids.length === 0) {
      setFlash(req, 'error', 'Select at least one message to approve.');
      return reply.redirect('/review', 303);
    }
    const { approved, skipped, refused } = await review.approveMany(ids, actor(req));
    const parts = [skipped.length ? batchSummary(approved.length, skipped) : approved.length ? `Approved ${approved.length} message${approved.length > 1 ? 's' : ''}.` : ''];
    for (const r of refused) parts.push(`Not approved: ${r.message}.`);
    setFlash(req, refused.length ? 'error' : 'ok', parts.filter(Boolean).join(' '));
    return reply.redirect('/review', 303);
  });

  app.get('/review/messages/:id', { schema: { hide: true } }, async (req, reply) => {
    const id = idParam(req);
    const [{ detail: message, reviewed }, tpl, nextId] = await Promise.all([messages.getReviewed(id), templates.list(), messages.nextHeld(id)]);
    const pairStatus = (await program.getPair(message.pairId)).status;
    const ctx = await pageContext(req, reply);
    return reply.send(messagePage(ctx, { message, reviewed, templates: tpl, nextId, pairStatus }));
  });

  app.post('/review/messages/:id/approve', { schema: { hide: true } }, async (req, reply) => {
    const id = idParam(req);
    return decided(req, reply, id, () => review.approve(id, actor(req), field(req.body, 'note')), `Message ${id} approved.`);
  });

  app.post('/review/messages/:id/approve-edited', { schema: { hide: true } }, async (req, reply) => {
    const id = idParam(req);
    return decided(req, reply, id, () => review.approveWithEdits(id, actor(req), field(req.body, 'text'), field(req.body, 'note')), `Message ${id} approved with your edits.`);
  });

  app.post('/review/messages/:id/reject', { schema: { hide: true } }, async (req, reply) => {
    const id = idParam(req);
    const reason = field(req.body, 'reason').trim();
    return decided(req, reply, id, () => review.reject(id, actor(req), reason), `Message ${id} rejected.`);
  });

  app.get('/review/messages/:id/raw', { schema: { hide: true } }, async (req, reply) => {
    const raw = await messages.raw(idParam(req));
    // Shown as text, never rendered: the bytes are the sender's, not ours.
    return reply.type('text/plain; charset=utf-8').header('content-security-policy', "default-src 'none'; sandbox").header('x-content-type-options', 'nosniff').send(raw);
  });

  app.get('/review/messages/:id/attachments/:n', { schema: { hide: true } }, async (req, reply) => {
    const id = idParam(req);
    const n = Number((req.params as { n: string }).n);
    // The same reading as the message page's list, so attachment n is the one the reviewer clicked.
    const attachment = (await messages.getReviewed(id)).reviewed.attachments[n];
    if (!attachment) throw new DomainError('not_found', 'no such attachment');
    const name = (attachment.filename ?? `attachment-${n + 1}`).replace(/[^\w.\- ]+/g, '_');
    // Always a download, never displayed in our origin: an attached HTML file must not run as our page.
    return reply
      .type('application/octet-stream')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(attachment.content);
  });

  app.get('/review/decisions', { schema: { hide: true } }, async (req, reply) => {
    const who = (req.query as { reviewer?: string }).reviewer || actor(req);
    const [decisions, deciders] = await Promise.all([messages.decisionsBy(who), messages.deciders()]);
    return reply.send(decisionsPage(await pageContext(req, reply), { actor: who, deciders, decisions }));
  });

  const adminOnly = async (req: FastifyRequest) => {
    if (req.staff?.role !== 'admin') throw forbidden('Only an admin can edit rejection reasons.');
  };

  app.get('/review/templates', { schema: { hide: true }, preHandler: adminOnly }, async (req, reply) =>
    reply.send(templatesPage(await pageContext(req, reply), await templates.list())),
  );

  app.post('/review/templates', { schema: { hide: true }, preHandler: adminOnly }, async (req, reply) => {
    const id = field(req.body, 'id');
    try {
      await templates.save({ id: id ? Number(id) : undefined, title: field(req.body, 'title'), text: field(req.body, 'text') });
      setFlash(req, 'ok', 'Reason saved.');
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      setFlash(req, 'error', err.message);
    }
    return reply.redirect('/review/templates', 303);
  });

  app.post('/review/templates/:id/delete', { schema: { hide: true }, preHandler: adminOnly }, async (req, reply) => {
    await templates.remove(idParam(req));
    setFlash(req, 'ok', 'Reason deleted.');
    return reply.redirect('/review/templates', 303);
  });
};

export default reviewPages;
