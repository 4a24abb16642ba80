import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import { weeklyReport } from '../../../stats/report.js';
import { currentWeek, resolveWeek } from '../../../stats/summary.js';
import { weeklyStats } from '../../../stats/weekly.js';
import { parseDay, weeksBetween } from '../../../stats/weeks.js';
import { pageContext } from '../../page.js';
import { dashboardPage } from '../../views/program/dashboard.js';

const DashboardQuery = Type.Object({ week: Type.Optional(Type.String({ maxLength: 20, description: 'ISO week, e.g. 2026-W48; default: this week' })) });

const DAY = 86_400_000;
/** The chart's weeks: this many, ending with the week shown. */
const CHART_WEEKS = 12;

/**
 * /program/dashboard: one week of the program (?week=2026-W48, default this week by the relay's
 * clock): the weekly report's roll-ups, pairs to nudge and review timeliness, and a chart of the
 * twelve weeks up to it. A week that is not one is a 400 page naming `week`.
 */
const dashboardPages: FastifyPluginAsync = async (app) => {
  const { db, config, communications, clock } = app.services;

  app.get('/program/dashboard', { schema: { hide: true, querystring: DashboardQuery } }, async (req, reply) => {
    const now = clock.now();
    const { timeZone, domain, programName } = config;
    const thisWeek = currentWeek(timeZone, now);
    const shown = resolveWeek((req.query as { week?: string }).week?.trim(), timeZone, now);
    const monday = parseDay('week', shown.weekStart);
    const weekOf = (day: number) => weeksBetween(day, day, timeZone)[0]!.week;
    const chartFrom = new Date(monday - (CHART_WEEKS - 1) * 7 * DAY).toISOString().slice(0, 10);
    const [report, weeks] = await Promise.all([
      weeklyReport(db, communications, { week: shown.week, timeZone, domain, programName, now, withPairs: false }),
      weeklyStats(db, { from: chartFrom, to: shown.weekStart, by: 'program', timeZone, domain, now }),
    ]);
    const nextWeek = weekOf(monday + 7 * DAY);
    return reply.send(
      dashboardPage(await pageContext(req, reply), {
        report,
        weeks,
        current: shown.week === thisWeek,
        asOf: Math.min(shown.endMs, now),
        previousWeek: weekOf(monday - 7 * DAY),
        // ISO week labels sort as text (zero-padded): no link past this week.
        nextWeek: nextWeek <= thisWeek ? nextWeek : null,
        thisWeek: shown.week === thisWeek ? null : thisWeek,
        timeZone,
      }),
    );
  });
};

export default dashboardPages;
