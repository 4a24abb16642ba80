import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { Approve, Decision, IdParams, MessageDetail, MessageQuery, MessageSummary, Reject, errors } from '../../schemas.js';

/** The review queue over the API: list, read, raw bytes, and decisions. */
const messageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { messages, review } = app.services;

  app.get(
    '/messages',
    {
      schema: {
        tags: ['messages'],
        summary: 'Messages, oldest first, a page at a time',
        querystring: MessageQuery,
        response: { 200: Type.Object({ items: Type.Array(MessageSummary), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errors(400, 401) },
      },
    },
    async (req) => messages.list(req.query),
  );
  app.get('/messages/:id', { schema: { tags: ['messages'], params: IdParams, response: { 200: MessageDetail, ...errors(401, 404) } } }, async (req) =>
    messages.get(req.params.id),
  );
  app.get(
    '/messages/:id/raw',
    { schema: { tags: ['messages'], summary: 'The message exactly as received (message/rfc822)', params: IdParams, response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors(401, 404) } } },
    async (req, reply) => reply.type('message/rfc822').send(await messages.raw(req.params.id)),
  );
  app.post(
    '/messages/:id/approve',
    {
      config: { reviewer: true },
      schema: { tags: ['messages'], params: IdParams, body: Approve, response: { 200: Decision, ...errors(400, 401, 404, 409) } },
      // Approving needs no body at all; a client that sends none gets the same as `{}`.
      preValidation: async (req) => {
        req.body ??= {};
      },
    },
    async (req) =>
      req.body.text === undefined
        ? review.approve(req.params.id, req.principal!.actor, req.body.note)
        : review.approveWithEdits(req.params.id, req.principal!.actor, req.body.text, req.body.note),
  );
  app.post(
    '/messages/:id/reject',
    { config: { reviewer: true }, schema: { tags: ['messages'], params: IdParams, body: Reject, response: { 200: Decision, ...errors(400, 401, 404, 409) } } },
    async (req) => review.reject(req.params.id, req.principal!.actor, req.body.reason),
  );
};

export default messageRoutes;
