import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { weeklyCsv, weeklyStats } from '../../../stats/weekly.js';
import { StatsQuery, WeeklyRow, errors } from '../../schemas.js';

const statsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, config } = app.services;

  app.get(
    '/stats/weekly',
    {
      schema: {
        tags: ['stats'],
        summary: 'Messages accepted per ISO week, by direction and outcome (JSON, or CSV with ?format=csv or Accept: text/csv)',
        querystring: StatsQuery,
        response: { 200: Type.Object({ rows: Type.Array(WeeklyRow) }), ...errors(400, 401) },
      },
    },
    async (req, reply) => {
      const byPair = req.query.by === 'pair';
      const rows = await weeklyStats(db, { from: req.query.from, to: req.query.to, byPair, timeZone: config.timeZone, domain: config.domain, now: app.services.clock.now() });
      const csv = req.query.format === 'csv' || (req.query.format === undefined && (req.headers.accept ?? '').includes('text/csv'));
      if (!csv) return { rows };
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="weekly-stats.csv"')
        .serializer((s: string) => s)
        .send(weeklyCsv(rows, byPair) as never);
    },
  );
};

export default statsRoutes;
