import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { NewStep, Pipeline } from '../../onboarding-schemas.js';
import { IdParams, errors } from '../../schemas.js';

/** Onboarding pipelines of mentors and protégés. */
const onboardingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { onboarding } = app.services;
  const tags = ['onboarding'];

  app.get(
    '/people/:id/onboarding',
    { schema: { tags, summary: "A mentor's or protégé's pipeline: every step of their role, in order, with the latest attempt of each", params: IdParams, response: { 200: Pipeline, ...errors(401, 404, 422) } } },
    async (req) => onboarding.get(req.params.id),
  );

  app.post(
    '/people/:id/onboarding',
    {
      schema: {
        tags,
        summary: 'Record an attempt at a step (422 for a step of the other role, or one whose prerequisite is missing or failed)',
        params: IdParams,
        body: NewStep,
        response: { 201: Pipeline, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => reply.code(201).send(await onboarding.record(req.params.id, req.body, req.principal!.actor)),
  );
};

export default onboardingRoutes;
