import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { CheckIn } from '../../lifecycle-schemas.js';
import { programReport } from '../../../stats/program.js';
import { reportText, weeklyReport } from '../../../stats/report.js';
import { weeklySummary } from '../../../stats/summary.js';
import { weeklyCsv, weeklyStats } from '../../../stats/weekly.js';
import { Nullable, OneOf, StatsQuery, WeeklyRow, errors } from '../../schemas.js';

const statsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, config } = app.services;

  app.get(
    '/stats/weekly',
    {
      schema: {
        tags: ['stats'],
        summary: 'Messages accepted per ISO week, by direction, outcome and flag type, for the program, by pair or by organization (JSON, or CSV with ?format=csv or Accept: text/csv)',
        querystring: StatsQuery,
        response: { 200: Type.Object({ rows: Type.Array(WeeklyRow) }), ...errors(400, 401) },
      },
    },
    async (req, reply) => {
      const by = req.query.by ?? 'program';
      const rows = await weeklyStats(db, { from: req.query.from, to: req.query.to, by, timeZone: config.timeZone, domain: config.domain, now: app.services.clock.now() });
      const csv = req.query.format === 'csv' || (req.query.format === undefined && (req.headers.accept ?? '').includes('text/csv'));
      if (!csv) return { rows };
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="weekly-stats.csv"')
        .serializer((s: string) => s)
        .send(weeklyCsv(rows, by) as never);
    },
  );

  app.get(
    '/stats/summary',
    {
      schema: {
        tags: ['stats'],
        summary: "A week's roll-up: open pairs, pairs where both wrote, pairs silent for 7 and 14 days, the review backlog and its oldest message",
        querystring: Type.Object({ week: Type.Optional(Type.String({ description: 'ISO week, e.g. 2026-W48, or last or this; default: this week' })) }),
        response: {
          200: Type.Object({
            week: Type.String(),
            weekStart: Type.String(),
            activePairs: Type.Integer(),
            pairsBothWrote: Type.Integer(),
            inactivePairs: Type.Integer({ description: 'Active pairs with no message either way for 7 days at the end of the week (or now), open at least that long' }),
            escalatePairs: Type.Integer({ description: 'The same for 14 days' }),
            backlog: Type.Integer({ description: 'Messages waiting for a decision at the end of the week (or now)' }),
            oldestHeldAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
            reviewers: Type.Array(
              Type.Object({
                reviewer: Type.String(),
                decided: Type.Integer(),
                approved: Type.Integer(),
                approvedWithEdits: Type.Integer(),
                rejected: Type.Integer(),
                medianHoldMinutes: Type.Integer({ description: "Minutes from a message's arrival to this reviewer's decision" }),
                longestHoldMinutes: Type.Integer(),
              }),
              { description: 'Review timeliness: each person who decided messages in the week, most decisions first' },
            ),
          }),
          ...errors(400, 401),
        },
      },
    },
    async (req) => weeklySummary(db, { week: req.query.week || undefined, timeZone: config.timeZone, now: app.services.clock.now() }),
  );

  app.get(
    '/stats/program',
    {
      config: { adminOnly: true },
      schema: {
        tags: ['stats'],
        summary: "The program's results over a range of weeks: the mentor recruiting funnel and the protégés' orientation by week and organization, communications, the responsibility matrix's gaps, overdue check-ins",
        querystring: Type.Object(
          { from: Type.Optional(Type.String({ description: 'YYYY-MM-DD; default: seven weeks before `to`' })), to: Type.Optional(Type.String({ description: 'YYYY-MM-DD; default: today' })) },
          { additionalProperties: false },
        ),
        response: { 200: ProgramReport, ...errors(400, 401, 403) },
      },
    },
    async (req) => programReport(db, app.services.communications, { from: req.query.from, to: req.query.to, timeZone: config.timeZone, now: app.services.clock.now() }),
  );

  app.get(
    '/stats/report',
    {
      config: { adminOnly: true },
      schema: {
        tags: ['stats'],
        summary:
          "One week of the program in one request (what `mentor-relay report weekly` prints): the summary, the week's messages, the pairs to nudge, the program's results and the by-pair rows; ?format=text for the plain-text report, csv for the by-pair rows",
        querystring: Type.Object(
          {
            week: Type.Optional(Type.String({ description: 'ISO week, e.g. 2026-W48, or last (the last complete week) or this; default: this week' })),
            format: Type.Optional(OneOf(['json', 'text', 'csv'] as const)),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Unsafe<unknown>({ type: 'object', additionalProperties: true, description: 'programName, week, weekStart, summary, messages, nudges, program, pairs' }), ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const report = await weeklyReport(db, app.services.communications, {
        week: req.query.week || undefined,
        timeZone: config.timeZone,
        domain: config.domain,
        programName: config.programName,
        now: app.services.clock.now(),
      });
      if (req.query.format === 'text') return reply.type('text/plain; charset=utf-8').serializer((s: string) => s).send(reportText(report, config.timeZone) as never);
      if (req.query.format === 'csv' || (req.query.format === undefined && (req.headers.accept ?? '').includes('text/csv')))
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="report-${report.week}.csv"`)
          .serializer((s: string) => s)
          .send(weeklyCsv(report.pairs, 'pair') as never);
      return report;
    },
  );
};

const funnelRow = (steps: string[], description: string) =>
  Type.Object(
    {
      week: Type.String(),
      weekStart: Type.String(),
      organizationId: Nullable(Type.Integer()),
      organization: Nullable(Type.String()),
      ...Object.fromEntries(steps.map((s) => [s, Type.Integer()])),
    },
    { description },
  );
const counts = (steps: string[]) => Type.Object({ people: Type.Integer(), ...Object.fromEntries(steps.map((s) => [s, Type.Integer()])) });

export const ProgramReport = Type.Object({
  fromWeek: Type.String(),
  toWeek: Type.String(),
  mentorFunnel: Type.Array(funnelRow(['applied', 'approved', 'oriented'], 'Mentors of each organization who completed each step that week, for the first time')),
  protegeOrientation: Type.Array(funnelRow(['enrolled', 'parentalPermission', 'approved', 'oriented'], 'The same for protégés')),
  onboarding: Type.Object(
    { mentors: counts(['applied', 'approved', 'oriented']), proteges: counts(['enrolled', 'parentalPermission', 'approved', 'oriented']) },
    { description: "How many of the program's mentors and protégés have completed each step by the range's end" },
  ),
  communications: Type.Array(
    Type.Object({
      role: Type.Union([Type.Literal('mentor'), Type.Literal('protege'), Type.Literal('parent')]),
      contacts: Type.Integer({ description: 'Contacts logged in the range' }),
      checkIns: Type.Integer(),
      openFollowUps: Type.Integer({ description: 'Follow-ups not done, now' }),
      overdueFollowUps: Type.Integer(),
    }),
  ),
  responsibilities: Type.Object({
    tasks: Type.Integer(),
    covered: Type.Integer({ description: 'Tasks with an organization and a person' }),
    withoutOwner: Type.Array(Type.Object({ id: Type.Integer(), task: Type.String(), organization: Nullable(Type.String()), missing: Type.Union([Type.Literal('organization'), Type.Literal('person')]) })),
  }),
  checkIns: Type.Object({
    overdue: Type.Integer(),
    people: Type.Array(Type.Object({ ...CheckIn.properties, name: Type.String(), responsibleName: Nullable(Type.String()) }), { description: 'The 50 most overdue, most overdue first (GET /api/checkins?status=overdue has them all)' }),
  }),
});

export default statsRoutes;
