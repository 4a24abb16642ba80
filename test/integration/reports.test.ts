import { parse } from 'csv-parse/sync';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { decideAt, org, pair, writeAt } from '../helpers/program-week.js';
import { eventually, removeDir, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { startSink, type Sink } from '../helpers/sink.js';

let t: TestRelay | null = null;
let sink: Sink | null = null;

afterEach(async () => {
  await t?.stop();
  await sink?.close();
  if (t) removeDir(t.dir);
  t = null;
  sink = null;
});

type Row = Record<string, unknown>;

/** A CSV export as rows of strings, keyed by its header. */
const csvRows = (text: string) => parse(text, { columns: true }) as Record<string, string>[];
/** A JSON row as the CSV writes it: null as an empty field. */
const asCsv = (row: Row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? '' : String(v)]));

/**
 * Week 48 of 2026 (Monday 23 November), by hand: pair A (Acme Corp and Lincoln High) exchanges four
 * messages that a reviewer and an administrator decide; pair B (Acme Corp and Roosevelt Middle) gets
 * one message, flagged for a phone number, still held; pair C opens in week 49.
 */
async function weekOfThreePairs(r: TestRelay) {
  r.clock.set('2026-11-16T09:00:00Z');
  const acme = await org(r, 'Acme Corp', 'company');
  const lincoln = await org(r, 'Lincoln High', 'school');
  const roosevelt = await org(r, 'Roosevelt Middle', 'school');
  const a = await pair(r, 1, acme, lincoln);
  const b = await pair(r, 2, acme, roosevelt);
  const { token: rita } = await r.relay.services.tokens.create('reviewer', 'Rita');

  const a1 = await writeAt(r, '2026-11-23T10:00:00Z', a.mentor, a.alias);
  await decideAt(r, '2026-11-23T12:00:00Z', a1, 'approve', { text: 'How was school this week? (edited)' }, rita); // hold 120, edited
  const a2 = await writeAt(r, '2026-11-24T10:00:00Z', a.protege, a.alias); // reply 1440
  await decideAt(r, '2026-11-24T10:30:00Z', a2, 'approve', {}); // hold 30, by the administrator
  const a3 = await writeAt(r, '2026-11-24T11:00:00Z', a.mentor, a.alias); // reply 60
  await decideAt(r, '2026-11-25T11:00:00Z', a3, 'reject', { reason: 'Please keep it to the program' }, rita); // hold 1440
  await writeAt(r, '2026-11-26T10:00:00Z', a.protege, a.alias); // reply 2820 (from Tuesday 11:00), left held
  const b1 = await writeAt(r, '2026-11-27T10:00:00Z', b.mentor, b.alias, 'Call me tonight on 202-555-0147 if you like.');
  r.clock.set('2026-11-30T08:00:00Z');
  const c = await pair(r, 3, acme, lincoln);
  return { a, b, c, b1, acme, lincoln, roosevelt };
}

describe('weekly report by pair', () => {
  it('counts each outcome and flag type, the longest reply and hold, and agrees with its CSV row for row', async () => {
    t = await startTestRelay();
    const { a, b, c, b1 } = await weekOfThreePairs(t);
    expect((await t.api('GET', `/api/messages/${b1}`)).body.flags.map((f: { type: string }) => f.type)).toContain('phone');

    const rows = (await t.api('GET', '/api/stats/weekly?from=2026-11-23&to=2026-12-06&by=pair')).body.rows as Row[];
    // Pair C opened on 30 November: it is in week 49, not in week 48.
    expect(rows.map((x) => [x.week, x.pairId])).toEqual([
      ['2026-W48', a.id],
      ['2026-W48', b.id],
      ['2026-W49', a.id],
      ['2026-W49', b.id],
      ['2026-W49', c.id],
    ]);
    expect(rows[0]).toMatchObject({
      total: 4,
      mentorToProtege: 2,
      protegeToMentor: 2,
      held: 1,
      approved: 2,
      approvedWithEdits: 1,
      rejected: 1,
      flagsPhone: 0,
      bothWrote: true,
      medianReplyMinutes: 1440,
      longestReplyMinutes: 2820,
      medianHoldMinutes: 120,
      longestHoldMinutes: 1440,
    });
    expect(rows[1]).toMatchObject({ total: 1, held: 1, approved: 0, rejected: 0, flagsPhone: 1, bothWrote: false, medianHoldMinutes: null, longestHoldMinutes: null, longestReplyMinutes: null });
    expect(rows[1]!.flagged).toBe(1);
    // A quiet week still says when each side last wrote.
    expect(rows[2]).toMatchObject({ total: 0, held: 0, flagged: 0, lastProtegeMessageAt: expect.stringMatching(/^2026-11-26T10:00/) });

    const csv = (await t.api('GET', '/api/stats/weekly?from=2026-11-23&to=2026-12-06&by=pair&format=csv')).body as string;
    const header = csv.split('\n')[0]!.split(',');
    expect([...header].sort()).toEqual(Object.keys(rows[0]!).sort());
    expect(header).toEqual(expect.arrayContaining(['held', 'approved', 'approvedWithEdits', 'flagged', 'flagsPhone', 'flagsGrooming', 'flagsParticipantIdentity', 'longestReplyMinutes', 'longestHoldMinutes']));
    expect(csvRows(csv)).toEqual(rows.map(asCsv));
  });

  it('lists a closed pair for the weeks it was open and not after', async () => {
    t = await startTestRelay();
    const { a } = await weekOfThreePairs(t);
    t.clock.set('2026-12-02T09:00:00Z');
    expect((await t.api('POST', `/api/pairs/${a.id}/close`, { reason: 'completed', rematch: false })).status).toBe(200);
    const rows = (await t.api('GET', '/api/stats/weekly?from=2026-11-30&to=2026-12-13&by=pair')).body.rows as Row[];
    expect(rows.filter((x) => x.pairId === a.id).map((x) => x.week)).toEqual(['2026-W49']);
  });
});

describe('weekly report by organization', () => {
  it("gives each organization its pairs' week, with a zero row for a week without messages, in JSON and CSV alike", async () => {
    t = await startTestRelay();
    const { acme, lincoln, roosevelt } = await weekOfThreePairs(t);
    const rows = (await t.api('GET', '/api/stats/weekly?from=2026-11-23&to=2026-12-06&by=organization')).body.rows as Row[];
    const pick = (x: Row) => [x.week, x.organization, x.pairs, x.pairsBothWrote, x.total, x.mentorToProtege, x.held, x.flagsPhone];
    expect(rows.map(pick)).toEqual([
      ['2026-W48', 'Acme Corp', 2, 1, 5, 3, 2, 1],
      ['2026-W48', 'Lincoln High', 1, 1, 4, 2, 1, 0],
      ['2026-W48', 'Roosevelt Middle', 1, 0, 1, 1, 1, 1],
      ['2026-W49', 'Acme Corp', 3, 0, 0, 0, 0, 0],
      ['2026-W49', 'Lincoln High', 2, 0, 0, 0, 0, 0],
      ['2026-W49', 'Roosevelt Middle', 1, 0, 0, 0, 0, 0],
    ]);
    expect(rows.slice(0, 3).map((x) => x.organizationId)).toEqual([acme, lincoln, roosevelt]);
    const csv = (await t.api('GET', '/api/stats/weekly?from=2026-11-23&to=2026-12-06&by=organization&format=csv')).body as string;
    expect(csvRows(csv)).toEqual(rows.map(asCsv));
    // The whole program's week is the sum of its pairs, each counted once.
    const program = (await t.api('GET', '/api/stats/weekly?from=2026-11-23&to=2026-11-29')).body.rows as Row[];
    expect(program).toEqual([expect.objectContaining({ week: '2026-W48', total: 5, held: 2, approved: 2, approvedWithEdits: 1, rejected: 1, flagged: 1, flagsPhone: 1 })]);
  });

  it('answers an unknown grouping or format with 400 naming the field and what it takes', async () => {
    t = await startTestRelay();
    const res = await t.api('GET', '/api/stats/weekly?by=school');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/by/);
    expect(res.body.error.message).toMatch(/pair, organization/);
    const format = await t.api('GET', '/api/stats/report?format=xml');
    expect(format.status).toBe(400);
    expect(format.body.error.message).toMatch(/format.*json, text, csv/);
  });
});

describe('summary: review timeliness', () => {
  it('gives each reviewer of the week their decisions and how long messages waited for them', async () => {
    t = await startTestRelay();
    await weekOfThreePairs(t);
    const summary = (await t.api('GET', '/api/stats/summary?week=2026-W48')).body;
    expect(summary.reviewers).toEqual([
      { reviewer: 'Rita (token 1)', decided: 2, approved: 1, approvedWithEdits: 1, rejected: 1, medianHoldMinutes: 780, longestHoldMinutes: 1440 },
      { reviewer: 'admin (RELAY_ADMIN_TOKEN)', decided: 1, approved: 1, approvedWithEdits: 0, rejected: 0, medianHoldMinutes: 30, longestHoldMinutes: 30 },
    ]);
    expect(summary).toMatchObject({ backlog: 2, oldestHeldAt: expect.stringMatching(/^2026-11-26T10:00/) });
    expect((await t.api('GET', '/api/stats/summary?week=2026-W49')).body.reviewers).toEqual([]);
  });
});

describe("the program's results", () => {
  async function person(r: TestRelay, name: string, role: string, organizationId: number | null, email: string): Promise<number> {
    const res = await r.api('POST', '/api/people', { name, email, role, organizationId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  }
  async function steps(r: TestRelay, id: number, list: [string, string, string][]) {
    for (const [step, status, at] of list) {
      const body: Record<string, unknown> = { step, status, at };
      if (status === 'cleared') body.expiresAt = '2028-01-01T00:00:00Z';
      const res = await r.api('POST', `/api/people/${id}/onboarding`, body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  }

  it('counts the mentor funnel and the protégé orientation by week and organization, contacts, gaps in the matrix and overdue check-ins', async () => {
    t = await startTestRelay({ program: { checkInDays: 30 } });
    t.clock.set('2026-11-30T12:00:00Z');
    const acme = await org(t, 'Acme Corp', 'company');
    const lincoln = await org(t, 'Lincoln High', 'school');
    const m1 = await person(t, 'Morgan Mentor', 'mentor', acme, 'morgan@corp.example');
    const m2 = await person(t, 'Max Mentor', 'mentor', acme, 'max@corp.example');
    const p1 = await person(t, 'Pat Protege', 'protege', lincoln, 'pat@school.example');
    const parent = await person(t, 'Parent of Pat', 'parent', null, 'parent@home.example');
    const staff = await person(t, 'Sue Staff', 'staff', lincoln, 'sue@school.example');
    // Morgan applies in week 47, applies again in week 48 (not counted twice), and is approved and oriented in week 48.
    await steps(t, m1, [
      ['applied', 'done', '2026-11-17T10:00:00Z'],
      ['applied', 'done', '2026-11-24T10:00:00Z'],
      ['application-reviewed', 'done', '2026-11-24T11:00:00Z'],
      ['background-check', 'cleared', '2026-11-24T12:00:00Z'],
      ['approved', 'done', '2026-11-25T10:00:00Z'],
      ['notified', 'done', '2026-11-25T11:00:00Z'],
      ['oriented', 'done', '2026-11-26T10:00:00Z'],
    ]);
    // Max applies in week 48; his background check fails.
    await steps(t, m2, [
      ['applied', 'done', '2026-11-24T09:00:00Z'],
      ['application-reviewed', 'done', '2026-11-24T09:30:00Z'],
      ['background-check', 'failed', '2026-11-27T09:00:00Z'],
    ]);
    // Pat enrols in week 47; her parent's permission comes in week 48.
    await steps(t, p1, [
      ['enrolled', 'done', '2026-11-18T10:00:00Z'],
      ['eligibility-reviewed', 'done', '2026-11-19T10:00:00Z'],
      ['parental-permission', 'done', '2026-11-24T10:00:00Z'],
    ]);
    // Contacts: two with Morgan (one a check-in), one with the parent whose follow-up is overdue, one before the range.
    const contact = async (personId: number, at: string, kind?: string, followUpDue?: string) =>
      expect((await t!.api('POST', '/api/communications', { personId, channel: 'phone', summary: 'Talked', at, kind, followUpDue })).status).toBe(201);
    await contact(m1, '2026-11-20T10:00:00Z', 'check-in');
    await contact(m1, '2026-11-27T10:00:00Z');
    await contact(parent, '2026-11-25T10:00:00Z', undefined, '2026-11-28T10:00:00Z');
    await contact(parent, '2026-11-02T10:00:00Z');
    // The matrix: one task fully owned, one with only its organization, the rest unassigned.
    const tasks = (await t.api('GET', '/api/responsibilities')).body.items as { id: number; task: string }[];
    expect(tasks.length).toBeGreaterThan(2);
    expect((await t.api('PUT', `/api/responsibilities/${tasks[0]!.id}`, { organizationId: lincoln, personId: staff })).status).toBe(200);
    expect((await t.api('PUT', `/api/responsibilities/${tasks[1]!.id}`, { organizationId: lincoln, personId: null })).status).toBe(200);

    const res = await t.api('GET', '/api/stats/program?from=2026-11-16&to=2026-11-29');
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r).toMatchObject({ fromWeek: '2026-W47', toWeek: '2026-W48' });
    expect(r.mentorFunnel).toEqual([
      { week: '2026-W47', weekStart: '2026-11-16', organizationId: acme, organization: 'Acme Corp', applied: 1, approved: 0, oriented: 0 },
      { week: '2026-W48', weekStart: '2026-11-23', organizationId: acme, organization: 'Acme Corp', applied: 1, approved: 1, oriented: 1 },
    ]);
    expect(r.protegeOrientation).toEqual([
      { week: '2026-W47', weekStart: '2026-11-16', organizationId: lincoln, organization: 'Lincoln High', enrolled: 1, parentalPermission: 0, approved: 0, oriented: 0 },
      { week: '2026-W48', weekStart: '2026-11-23', organizationId: lincoln, organization: 'Lincoln High', enrolled: 0, parentalPermission: 1, approved: 0, oriented: 0 },
    ]);
    expect(r.onboarding).toEqual({ mentors: { people: 2, applied: 2, approved: 1, oriented: 1 }, proteges: { people: 1, enrolled: 1, parentalPermission: 1, approved: 0, oriented: 0 } });
    expect(r.communications).toEqual([
      { role: 'mentor', contacts: 2, checkIns: 1, openFollowUps: 0, overdueFollowUps: 0 },
      { role: 'protege', contacts: 0, checkIns: 0, openFollowUps: 0, overdueFollowUps: 0 },
      { role: 'parent', contacts: 1, checkIns: 0, openFollowUps: 1, overdueFollowUps: 1 },
    ]);
    expect(r.responsibilities.tasks).toBe(tasks.length);
    expect(r.responsibilities.covered).toBe(1);
    expect(r.responsibilities.withoutOwner).toHaveLength(tasks.length - 1);
    expect(r.responsibilities.withoutOwner[0]).toEqual({ id: tasks[1]!.id, task: tasks[1]!.task, organization: 'Lincoln High', missing: 'person' });
    expect(r.responsibilities.withoutOwner[1]).toMatchObject({ organization: null, missing: 'organization' });
    expect(r.checkIns).toEqual({ overdue: 0, people: [] });

    // A pair opened in October has check-ins overdue by 30 November: Morgan's last was 20 November, Pat never had one.
    t.clock.set('2026-10-20T12:00:00Z');
    const m3 = await person(t, 'Mo Mentor', 'mentor', acme, 'mo@corp.example');
    expect((await t.api('POST', '/api/pairs', { mentorId: m3, protegeId: p1 })).status).toBe(201);
    t.clock.set('2026-11-30T12:00:00Z');
    const later = (await t.api('GET', '/api/stats/program?from=2026-11-16&to=2026-11-29')).body;
    expect(later.checkIns.people.map((c: { name: string }) => c.name).sort()).toEqual(['Mo Mentor', 'Pat Protege']);
    expect(later.checkIns.overdue).toBe(2);
    expect(later.onboarding.mentors.people).toBe(3);
  });

  it('answers a bad date with 400 naming the field', async () => {
    t = await startTestRelay();
    const res = await t.api('GET', '/api/stats/program?from=2026-13-01');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^from: /);
  });
});

describe('the weekly report: one request, one command', () => {
  it('gives the week, the pairs to nudge and the review timeliness as JSON, text and CSV, over HTTP and from the CLI', async () => {
    t = await startTestRelay();
    const { a, b } = await weekOfThreePairs(t);
    // Pair D opened on 16 November and nobody wrote: silent for 7 days by the week's end.
    t.clock.set('2026-11-16T09:00:00Z');
    const acme = (await t.api('GET', '/api/organizations')).body.items[0].id;
    const d = await pair(t, 4, acme, acme);
    t.clock.set('2026-12-01T09:00:00Z');

    const json = await t.api('GET', '/api/stats/report?week=2026-W48');
    expect(json.status).toBe(200);
    const r = json.body;
    expect(r).toMatchObject({ programName: 'Test Program', week: '2026-W48', weekStart: '2026-11-23' });
    expect(r.summary).toMatchObject({ activePairs: 3, pairsBothWrote: 1, inactivePairs: 1, escalatePairs: 0 });
    expect(r.messages).toMatchObject({ total: 5, approved: 2, rejected: 1, held: 2 });
    expect(r.nudges.map((n: { pairId: number; reason: string; wrote: string | null }) => [n.pairId, n.reason, n.wrote])).toEqual([
      [d.id, 'inactive', null],
      [b.id, 'one-sided', 'mentor'],
    ]);
    expect(r.nudges[1]).toMatchObject({ mentor: 'Mentor 2', protege: 'Protege 2', alias: b.alias });
    expect(r.pairs.map((x: { pairId: number }) => x.pairId)).toEqual([a.id, b.id, d.id]);
    expect(r.program.mentorFunnel).toBeInstanceOf(Array);

    const text = (await t.api('GET', '/api/stats/report?week=2026-W48&format=text')).body as string;
    expect(text).toContain('Test Program: week 2026-W48 (from Monday 2026-11-23)');
    expect(text).toContain('3 pairs open, 1 where both wrote; 1 silent for 7 days, 0 for 14 days (escalate)');
    expect(text).toContain('5 (3 mentor to protégé, 2 protégé to mentor): 2 approved (1 with edits), 1 rejected, 2 waiting; 1 flagged');
    expect(text).toContain('Rita (token 1): 2 decided, median wait 13 h, longest 24 h');
    expect(text).toContain(`- Mentor 2 and Protege 2 (pair ${b.id}, ${b.alias}): only the mentor wrote this week (the protégé has not written yet)`);
    expect(text).toMatch(new RegExp(`- Mentor 4 and Protege 4 \\(pair ${d.id}, .*\\): silent for 7 days \\(no message yet\\)`));
    const csv = (await t.api('GET', '/api/stats/report?week=2026-W48&format=csv')).body as string;
    expect(csvRows(csv)).toEqual(r.pairs.map(asCsv));
    expect((await t.api('GET', '/api/stats/report?week=2026-W60')).status).toBe(400);
    // The reports name the program's people (minors among them): an admin token's, not a reviewer's.
    const { token: reviewer } = await t.relay.services.tokens.create('reviewer', 'Rex');
    for (const url of ['/api/stats/report?week=2026-W48', '/api/stats/program']) {
      const refused = await t.api('GET', url, undefined, reviewer);
      expect(refused.status, url).toBe(403);
      expect(refused.body.error.message).toBe('a reviewer token cannot read this; it needs an admin token');
    }
    expect((await t.api('GET', '/api/stats/summary?week=2026-W48', undefined, reviewer)).status).toBe(200);

    // The same from the command line, for cron.
    await t.stop();
    const cli = runCli(t.dir, ['report', 'weekly', '--week', '2026-W48']);
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toContain('3 pairs open, 1 where both wrote');
    expect(cli.stdout).toContain('Pairs to nudge (2)');
    const cliJson = JSON.parse(runCli(t.dir, ['report', 'weekly', '--week', '2026-W48', '--format', 'json']).stdout);
    expect(cliJson.nudges).toEqual(r.nudges);
    expect(csvRows(runCli(t.dir, ['report', 'weekly', '--week', '2026-W48', '--format', 'csv']).stdout)).toEqual(r.pairs.map(asCsv));
    const bad = runCli(t.dir, ['report', 'weekly', '--week', 'lastweek']);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe('mentor-relay: week: must be an ISO week as YYYY-Www, e.g. 2026-W48, or last or this (got "lastweek")');
    expect(runCli(t.dir, ['report', 'weekly', '--format', 'pdf']).stderr.split('\n')[0]).toBe('mentor-relay: --format must be csv, json or text (got "pdf")');
    t = { ...t, stop: async () => {} };
  });

  it("keeps a name or a token's label on its line: control characters cannot forge a line of the text report", async () => {
    t = await startTestRelay();
    const { a } = await weekOfThreePairs(t);
    // A label with a line break or an escape is refused when the token is made ...
    await expect(t.relay.services.tokens.create('reviewer', 'Eve\r\nFAKE: 99 pairs open')).rejects.toThrow(/^label: must not hold control characters/);
    await expect(t.relay.services.tokens.create('reviewer', 'Eve\u202e')).rejects.toThrow(/^label: must not hold characters that reorder/);
    const cli = runCli(t.dir, ['token', 'create', '--role', 'reviewer', '--label', 'Eve\u001b[31m']);
    expect(cli.status).toBe(1);
    expect(cli.stderr.trim()).toBe('mentor-relay: label: must not hold control characters (line breaks, escapes)');
    // ... and one recorded before names were checked stays on its line.
    await t.relay.services.db.updateTable('messages').set({ decided_by: 'Eve\r\nFAKE: 99 pairs open\u001b[2J' }).where('pair_id', '=', a.id).where('decided_by', 'is not', null).execute();
    const text = (await t.api('GET', '/api/stats/report?week=2026-W48&format=text')).body as string;
    expect(text).toContain('  Eve  FAKE: 99 pairs open [2J: ');
    expect(text.split('\n').some((l) => l.startsWith('FAKE'))).toBe(false);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });
});

/** Runs the weekly mail's check at an instant of the relay's clock (the outbox sends what is due by it). */
async function checkAt(r: TestRelay, at: string): Promise<string | null> {
  r.clock.set(at);
  return r.relay.weeklyReport.check();
}

describe('the weekly report by mail', () => {
  it('mails the week that ended to the configured recipients on the configured day and hour, once', async () => {
    sink = await startSink();
    t = await startTestRelay({
      timeZone: 'America/New_York',
      reports: { weeklyDay: 'monday', weeklyHour: 7, recipients: ['casey@program.example', 'dana@program.example'] },
      review: { publicUrl: 'https://relay.program.example' },
      outbound: { url: `smtp://127.0.0.1:${sink.port}` },
    });
    await weekOfThreePairs(t);
    // Monday 30 November 2026, 06:59 in New York: not yet.
    expect(await checkAt(t, '2026-11-30T11:59:00Z')).toBeNull();
    // Sunday: not the day.
    expect(await checkAt(t, '2026-11-29T15:00:00Z')).toBeNull();
    // 07:00 on Monday: the report of week 48, to both.
    expect(await checkAt(t, '2026-11-30T12:00:00Z')).toBe('2026-W48');
    // The approved messages of week 48 and the rejection's notice go to the sink too.
    const reports = async (n: number) => {
      const only = () => sink!.received.filter((m) => m.to.some((a) => a.endsWith('@program.example')));
      await eventually(() => only().length >= n);
      return only();
    };
    const mails = await reports(2);
    expect(mails.map((m) => m.to).flat().sort()).toEqual(['casey@program.example', 'dana@program.example']);
    const parsed = await simpleParser(mails[0]!.raw);
    expect(parsed.subject).toBe('Weekly report 2026-W48: 1 pair to nudge, 2 waiting for review');
    expect(parsed.text).toContain('Test Program: week 2026-W48 (from Monday 2026-11-23)');
    expect(parsed.text).toContain('Pairs to nudge (1)');
    expect(parsed.text).toContain('https://relay.program.example/program/dashboard?week=2026-W48');
    // Later that day, and after a restart: not again.
    expect(await checkAt(t, '2026-11-30T20:00:00Z')).toBeNull();
    // The next Monday: week 49.
    expect(await checkAt(t, '2026-12-07T13:00:00Z')).toBe('2026-W49');
    const next = (await reports(4)).slice(2);
    expect((await simpleParser(next[0]!.raw)).subject).toMatch(/^Weekly report 2026-W49: /);
  });

  it('goes to the coordinator accounts when no recipient is configured, and is off by default', async () => {
    sink = await startSink();
    t = await startTestRelay({ reports: { weeklyDay: 'tuesday', weeklyHour: 0 }, outbound: { url: `smtp://127.0.0.1:${sink.port}` } });
    await t.relay.services.staff.create({ email: 'casey@program.example', name: 'Casey', role: 'coordinator', password: 'correct horse battery' });
    await t.relay.services.staff.create({ email: 'rita@program.example', name: 'Rita', role: 'reviewer', password: 'correct horse battery' });
    expect(await checkAt(t, '2026-12-01T10:00:00Z')).toBe('2026-W48');
    const [mail] = await sink.waitFor(1);
    expect(mail!.to).toEqual(['casey@program.example']);
    await t.stop();
    removeDir(t.dir);
    t = await startTestRelay();
    expect(await checkAt(t, '2026-11-30T12:00:00Z')).toBeNull();
  });

  it('stops start-up with one line naming a bad day', async () => {
    await expect(startTestRelay({ reports: { weeklyDay: 'someday' as never } })).rejects.toThrow(/reports\.weeklyDay/);
  });
});
