import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { forbidden } from '../../../errors.js';
import { errors, Items, StaffRole } from '../../schemas.js';

const StaffUser = Type.Object({ id: Type.Integer(), email: Type.String(), name: Type.String(), role: StaffRole, createdAt: Type.String({ format: 'date-time' }) });

/** Staff accounts for the review page (admins only: a reviewer token is refused by the auth hook). */
const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { staff } = app.services;
  app.post(
    '/users',
    {
      schema: {
        tags: ['staff'],
        summary: 'Create a staff account (reviewer, coordinator or admin) that logs in to the review page',
        body: Type.Object(
          { email: Type.String({ minLength: 3, maxLength: 320 }), name: Type.String({ minLength: 1, maxLength: 200 }), role: StaffRole, password: Type.String({ minLength: 10, maxLength: 1000 }) },
          { additionalProperties: false },
        ),
        response: { 201: StaffUser, ...errors(400, 401, 403, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await staff.create(req.body)),
  );
  app.get('/users', { schema: { tags: ['staff'], response: { 200: Items(StaffUser), ...errors(401, 403) } } }, async (req) => {
    // Who can log in is an admin's business, not a reviewer token's.
    if (req.principal?.role !== 'admin') throw forbidden('listing staff accounts needs an admin token');
    return { items: await staff.list() };
  });
};

export default userRoutes;
