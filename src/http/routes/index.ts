import type { FastifyInstance } from 'fastify';
import { ping } from '../../db/health.repository.js';
import authPlugin from '../plugins/app/auth.js';
import { script, stylesheet } from '../views/assets.js';
import importRoutes from './api/import.js';
import lifecycleRoutes from './api/lifecycle.js';
import messageRoutes from './api/messages.js';
import onboardingRoutes from './api/onboarding.js';
import programRoutes from './api/program.js';
import responsibilityRoutes from './api/responsibilities.js';
import statsRoutes from './api/stats.js';
import userRoutes from './api/users.js';
import programPages from './program/index.js';
import loginRoutes from './review/login.js';
import reviewPages from './review/pages.js';

/**
 * Every route: /healthz and the pages' assets (public), the login, the review and program pages
 * (a staff session), and the API (a bearer token, one hook for the whole /api prefix).
 */
export default async function routes(app: FastifyInstance): Promise<void> {
  const { db, tokens } = app.services;
  app.get('/healthz', { schema: { hide: true } }, async () => {
    await ping(db);
    return { status: 'ok' };
  });

  // The pages' style sheet and script: public, like the login page that uses them.
  app.get('/assets/style.css', { schema: { hide: true } }, async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(stylesheet));
  app.get('/assets/review.js', { schema: { hide: true } }, async (_req, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(script));
  await app.register(loginRoutes);
  await app.register(reviewPages);
  await app.register(programPages);

  // The OpenAPI document, at the root and under /api, behind the same auth as the API it describes.
  await app.register(async (docs) => {
    await docs.register(authPlugin, { tokens });
    docs.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  });
  await app.register(
    async (api) => {
      await api.register(authPlugin, { tokens });
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
      await api.register(programRoutes);
      await api.register(messageRoutes);
      await api.register(statsRoutes);
      await api.register(userRoutes);
      await api.register(importRoutes);
      await api.register(responsibilityRoutes);
      await api.register(onboardingRoutes);
      await api.register(lifecycleRoutes);
    },
    { prefix: '/api' },
  );
}
