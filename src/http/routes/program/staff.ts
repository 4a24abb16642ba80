import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { forbidden, invalid } from '../../../errors.js';
import type { StaffAccount, StaffUser } from '../../../staff/staff.service.js';
import { staffRoles, type StaffRole } from '../../../staff/staff.table.js';
import { pageContext } from '../../page.js';
import { staffPage } from '../../views/program/staff.js';
import { FormBody, IdParams, keptForm, submit, type Form } from './form.js';

function asStaffRole(value: string | undefined): StaffRole {
  if (!(staffRoles as readonly string[]).includes(value ?? '')) throw invalid('role', `must be one of ${staffRoles.join(', ')}`);
  return value as StaffRole;
}

/** /program/staff: every coordinator sees who has an account; only an admin changes them. */
const staffPages: FastifyPluginAsync = async (app) => {
  const { staff } = app.services;

  const adminOnly = async (req: FastifyRequest) => {
    if (req.staff?.role !== 'admin') throw forbidden('Only an admin can create, change or disable staff accounts.');
  };

  app.get('/program/staff', { schema: { hide: true } }, async (req, reply) => {
    const kept = req.staff!.role === 'admin' ? keptForm(req, 'new-staff') : {};
    return reply.send(staffPage(await pageContext(req, reply), { accounts: await staff.listAccounts(), viewerId: req.staff!.id, kept }));
  });

  app.post('/program/staff', { schema: { hide: true, body: FormBody('name', 'email', 'role', 'password') }, preHandler: adminOnly }, async (req, reply) => {
    const b = req.body as Form<'name' | 'email' | 'role' | 'password'>;
    return submit(req, reply, { back: '/program/staff', form: 'new-staff', done: (u: StaffUser) => `Account created for ${u.name} (${u.role}).` }, async () =>
      staff.create({ name: b.name ?? '', email: b.email ?? '', role: asStaffRole(b.role), password: b.password ?? '' }),
    );
  });

  app.post('/program/staff/:id/role', { schema: { hide: true, params: IdParams, body: FormBody('role') }, preHandler: adminOnly }, async (req, reply) => {
    const { id } = req.params as { id: number };
    const role = (req.body as Form<'role'>).role;
    return submit(req, reply, { back: '/program/staff', done: (a: StaffAccount) => `${a.name} is now ${a.role === 'admin' ? 'an' : 'a'} ${a.role}.` }, async () =>
      staff.setRole(id, asStaffRole(role), req.staff!.id),
    );
  });

  app.post('/program/staff/:id/disable', { schema: { hide: true, params: IdParams, body: FormBody() }, preHandler: adminOnly }, async (req, reply) => {
    const { id } = req.params as { id: number };
    return submit(req, reply, { back: '/program/staff', done: (a: StaffAccount) => `${a.name}'s account is disabled: it can no longer log in.` }, () => staff.disable(id, req.staff!.id));
  });

  app.post('/program/staff/:id/enable', { schema: { hide: true, params: IdParams, body: FormBody() }, preHandler: adminOnly }, async (req, reply) => {
    const { id } = req.params as { id: number };
    return submit(req, reply, { back: '/program/staff', done: (a: StaffAccount) => `${a.name}'s account is enabled again.` }, () => staff.enable(id));
  });
};

export default staffPages;
