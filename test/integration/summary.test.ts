import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, screened, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { message, sendOnce } from '../helpers/smtp-client.js';

let t: TestRelay | null = null;

afterEach(async () => {
  await t?.stop();
  if (t) removeDir(t.dir);
  t = null;
});

async function pair(r: TestRelay, n: number) {
  const mentor = (await r.api('POST', '/api/people', { name: `Mentor ${n}`, email: `mentor${n}@corp.example`, role: 'mentor' })).body.id;
  const protege = (await r.api('POST', '/api/people', { name: `Protege ${n}`, email: `protege${n}@school.example`, role: 'protege' })).body.id;
  const p = (await r.api('POST', '/api/pairs', { mentorId: mentor, protegeId: protege })).body as { alias: string };
  return { alias: p.alias, mentor: `mentor${n}@corp.example`, protege: `protege${n}@school.example` };
}

/** Sends from `from` to the pair at the clock's `at`; resolves the held message's id. */
async function writeAt(r: TestRelay, at: string, from: string, alias: string): Promise<number> {
  r.clock.set(at);
  const reply = await sendOnce(r.smtpPort, from, [alias], message({ from, to: alias, subject: 'Week', body: 'How was school?' }));
  expect(reply).toMatch(/^250 /);
  return Number(/message (\d+)/.exec(reply)![1]);
}

describe('GET /api/stats/summary', () => {
  it("rolls a week up: open pairs, both wrote, silent for 7 and 14 days, and the backlog as it was at the week's end", async () => {
    t = await startTestRelay({}, undefined);
    t.clock.set('2026-11-02T10:00:00Z');
    const a = await pair(t, 1); // both write in week 48
    const b = await pair(t, 2); // silent since 10 November: escalate
    const c = await pair(t, 3); // silent since 19 November: inactive, not yet escalate
    await writeAt(t, '2026-11-10T10:00:00Z', b.mentor, b.alias);
    await writeAt(t, '2026-11-19T10:00:00Z', c.mentor, c.alias);
    const first = await writeAt(t, '2026-11-24T10:00:00Z', a.mentor, a.alias);
    await writeAt(t, '2026-11-25T10:00:00Z', a.protege, a.alias);
    // Rejected within the week (a day after it came): no longer waiting at its end.
    await screened(t, first);
    t.clock.set('2026-11-25T10:00:00Z');
    expect((await t.api('POST', `/api/messages/${first}/reject`, { reason: 'Please keep it to the program' })).status).toBe(200);
    // Written after the week: counts neither as writing nor in the backlog of week 48.
    const later = await writeAt(t, '2026-12-01T09:00:00Z', b.protege, b.alias);

    const res = await t.api('GET', '/api/stats/summary?week=2026-W48');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      week: '2026-W48',
      weekStart: '2026-11-23',
      activePairs: 3,
      pairsBothWrote: 1,
      inactivePairs: 2,
      escalatePairs: 1,
      backlog: 3,
      oldestHeldAt: expect.stringMatching(/^2026-11-10T10:00:0\d/), // the clock runs on from where it was set
      reviewers: [expect.objectContaining({ reviewer: 'admin (RELAY_ADMIN_TOKEN)', decided: 1, rejected: 1, medianHoldMinutes: 1440 })],
    });
    // The same week by pair: who wrote, when each side last wrote (carried over quiet weeks), how long
    // a reply and a decision took.
    const rows = (await t.api('GET', '/api/stats/weekly?from=2026-11-23&to=2026-11-29&by=pair')).body.rows as Record<string, unknown>[];
    const pick = ({ bothWrote, lastMentorMessageAt, lastProtegeMessageAt, medianReplyMinutes, medianHoldMinutes }: Record<string, unknown>) => ({
      bothWrote,
      lastMentorMessageAt: (lastMentorMessageAt as string | null)?.slice(0, 16) ?? null,
      lastProtegeMessageAt: (lastProtegeMessageAt as string | null)?.slice(0, 16) ?? null,
      medianReplyMinutes,
      medianHoldMinutes,
    });
    expect(rows.map(pick)).toEqual([
      { bothWrote: true, lastMentorMessageAt: '2026-11-24T10:00', lastProtegeMessageAt: '2026-11-25T10:00', medianReplyMinutes: 1440, medianHoldMinutes: 1440 },
      { bothWrote: false, lastMentorMessageAt: '2026-11-10T10:00', lastProtegeMessageAt: null, medianReplyMinutes: null, medianHoldMinutes: null },
      { bothWrote: false, lastMentorMessageAt: '2026-11-19T10:00', lastProtegeMessageAt: null, medianReplyMinutes: null, medianHoldMinutes: null },
    ]);
    const csv = (await t.api('GET', '/api/stats/weekly?from=2026-11-23&to=2026-11-29&by=pair&format=csv')).body as string;
    const [header, ...lines] = csv.trim().split('\n');
    // Every column of before is still there, in the same order; new ones come between and after.
    const before = 'week,weekStart,pairId,alias,mentorToProtege,protegeToMentor,total,delivered,rejected,failed,pending,bothWrote,lastMentorMessageAt,lastProtegeMessageAt,medianReplyMinutes,medianHoldMinutes'.split(',');
    expect(header!.split(',').filter((c) => before.includes(c))).toEqual(before);
    expect(header).toMatch(/,bothWrote,lastMentorMessageAt,lastProtegeMessageAt,medianReplyMinutes,longestReplyMinutes,medianHoldMinutes,longestHoldMinutes$/);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/,true,2026-11-24T10:00:\d\d\.\d{3}Z,2026-11-25T10:00:\d\d\.\d{3}Z,1440,1440,1440,1440$/);
    expect(lines[1]).toMatch(/,false,2026-11-10T10:00:\d\d\.\d{3}Z,,,,,$/);

    // This week (the clock's) is read as of now: B wrote, A's protégé waits from 25 November.
    const now = (await t.api('GET', '/api/stats/summary')).body;
    expect(now).toMatchObject({ week: '2026-W49', activePairs: 3, pairsBothWrote: 0, backlog: 4 });
    expect(later).toBeGreaterThan(first);
  });

  it('answers a week that does not exist with 400 naming week', async () => {
    t = await startTestRelay();
    for (const week of ['2026-48', '2025-W53', '2026-W00']) {
      const res = await t.api('GET', `/api/stats/summary?week=${week}`);
      expect(res.status, week).toBe(400);
      expect(res.body.error.message).toMatch(/^week: /);
    }
    // A week that has not begun is refused: every pair would read as silent in it.
    t.clock.set('2026-12-27T12:00:00Z');
    const early = await t.api('GET', '/api/stats/summary?week=2026-W53');
    expect(early.status).toBe(400);
    expect(early.body.error.message).toBe('week: 2026-W53 has not begun yet (this week is 2026-W52)');
    t.clock.set('2026-12-28T12:00:00Z');
    expect((await t.api('GET', '/api/stats/summary?week=2026-W53')).body).toMatchObject({ week: '2026-W53', weekStart: '2026-12-28' });
    // `last` is the week that ended, `this` the one running.
    expect((await t.api('GET', '/api/stats/summary?week=last')).body).toMatchObject({ week: '2026-W52' });
    expect((await t.api('GET', '/api/stats/summary?week=this')).body).toMatchObject({ week: '2026-W53' });
  });

  it("counts a message at 23:30 on Sunday in the program's time zone in that week, across both daylight-saving changes", async () => {
    t = await startTestRelay({ timeZone: 'America/New_York' });
    t.clock.set('2026-02-20T12:00:00Z');
    const p = await pair(t, 1);
    // Sunday 8 March 2026, 23:30 EDT (clocks went forward that morning) is Monday 03:30 UTC.
    await writeAt(t, '2026-03-09T03:30:00Z', p.mentor, p.alias);
    // Sunday 1 November 2026, 23:30 EST (clocks went back that morning) is Monday 04:30 UTC.
    await writeAt(t, '2026-11-02T04:30:00Z', p.protege, p.alias);
    const spring = (await t.api('GET', '/api/stats/weekly?from=2026-03-02&to=2026-03-15')).body.rows;
    expect(spring.map((r: { week: string; total: number }) => [r.week, r.total])).toEqual([
      ['2026-W10', 1],
      ['2026-W11', 0],
    ]);
    const autumn = (await t.api('GET', '/api/stats/weekly?from=2026-10-26&to=2026-11-08')).body.rows;
    expect(autumn.map((r: { week: string; total: number }) => [r.week, r.total])).toEqual([
      ['2026-W44', 1],
      ['2026-W45', 0],
    ]);
    expect((await t.api('GET', '/api/stats/summary?week=2026-W44')).body).toMatchObject({ weekStart: '2026-10-26', activePairs: 1, pairsBothWrote: 0 });
  });
});
