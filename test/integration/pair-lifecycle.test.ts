import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { SettableClock } from '../../src/db/clock.js';
import { removeDir, screened, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { startSink, type Sink } from '../helpers/sink.js';
import { message, sendOnce } from '../helpers/smtp-client.js';

let t: TestRelay | null = null;
let sink: Sink | null = null;

afterEach(async () => {
  await t?.stop();
  await sink?.close();
  if (t) removeDir(t.dir);
  t = null;
  sink = null;
});

const MENTOR = 'mia.mentor@corp.example';
const PROTEGE = 'pete.protege@school.example';
const START = '2026-11-25T10:00:00Z';
const CHECK_EXPIRES = '2026-12-10T00:00:00.000Z';

const mentorSteps = [
  { step: 'applied', status: 'done' },
  { step: 'application-reviewed', status: 'done' },
  { step: 'background-check', status: 'cleared', expiresAt: CHECK_EXPIRES },
  { step: 'approved', status: 'done' },
  { step: 'notified', status: 'done' },
  { step: 'oriented', status: 'done' },
];
const protegeSteps = [
  { step: 'enrolled', status: 'done' },
  { step: 'eligibility-reviewed', status: 'done' },
  { step: 'parental-permission', status: 'done' },
  { step: 'approved', status: 'done' },
  { step: 'oriented', status: 'done' },
];

async function relay(requireOnboarding = true, clock = new SettableClock(START), dir?: string) {
  sink ??= await startSink();
  t = await startTestRelay({ requireOnboarding, outbound: { url: `smtp://127.0.0.1:${sink.port}` } }, dir, clock);
  return t;
}

async function twoPeople(r: TestRelay) {
  const corp = (await r.api('POST', '/api/organizations', { name: 'Corp', kind: 'company' })).body.id as number;
  const mentor = (await r.api('POST', '/api/people', { name: 'Mia Mentor', email: MENTOR, role: 'mentor', organizationId: corp })).body.id as number;
  const protege = (await r.api('POST', '/api/people', { name: 'Pete Protege', email: PROTEGE, role: 'protege' })).body.id as number;
  return { corp, mentor, protege };
}

async function walk(r: TestRelay, personId: number, steps: Record<string, unknown>[]) {
  for (const s of steps) {
    const res = await r.api('POST', `/api/people/${personId}/onboarding`, s);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
}

const write = (r: TestRelay, from: string, alias: string) => sendOnce(r.smtpPort, from, [alias], message({ from, to: alias, subject: 'Hello', body: 'How was your week?' }));

describe('the onboarding gate', () => {
  it('keeps a new pair pending (alias 550 5.2.1) with the missing steps until both are onboarded, then opens it by itself', async () => {
    const r = await relay();
    const { mentor, protege } = await twoPeople(r);
    const created = await r.api('POST', '/api/pairs', { mentorId: mentor, protegeId: protege });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending', mentorId: mentor, protegeId: protege });
    expect(created.body.missing).toEqual([
      ...mentorSteps.map((s) => ({ personId: mentor, step: s.step })),
      ...protegeSteps.map((s) => ({ personId: protege, step: s.step })),
    ]);
    const { id, alias } = created.body as { id: number; alias: string };

    const weekly = async () => (await r.api('GET', '/api/stats/weekly?from=2026-11-23&to=2026-11-29&by=pair')).body.rows as { pairId: number }[];
    expect(await weekly()).toEqual([]); // not open yet: no week of it to report
    expect(await write(r, MENTOR, alias)).toBe(`550 5.2.1 The mentoring pair behind ${alias} is not open yet: it opens when both participants have completed onboarding with the program`);
    // Nobody opens it by hand while something is missing, and it cannot be paused either.
    const forced = await r.api('PATCH', `/api/pairs/${id}`, { status: 'active' });
    expect(forced.status).toBe(409);
    expect(forced.body.error).toMatchObject({ code: 'onboarding_incomplete' });
    expect(forced.body.error.message).toContain('mentor Mia Mentor: applied, application-reviewed');
    expect((await r.api('PATCH', `/api/pairs/${id}`, { status: 'paused' })).status).toBe(409);
    expect((await r.api('PATCH', `/api/pairs/${id}`, { status: 'pending' })).status).toBe(400);

    await walk(r, mentor, mentorSteps);
    const half = (await r.api('GET', `/api/pairs/${id}`)).body;
    expect(half.status).toBe('pending');
    expect(half.missing).toEqual(protegeSteps.map((s) => ({ personId: protege, step: s.step })));

    await walk(r, protege, protegeSteps.slice(0, -1));
    expect((await r.api('GET', `/api/pairs/${id}`)).body.missing).toEqual([{ personId: protege, step: 'oriented' }]);
    expect(await write(r, PROTEGE, alias)).toMatch(/^550 5\.2\.1 /);

    r.clock.set('2026-11-26T09:00:00Z');
    await walk(r, protege, protegeSteps.slice(-1));
    const open = (await r.api('GET', `/api/pairs/${id}`)).body;
    expect(open).toMatchObject({ status: 'active', startedAt: expect.stringMatching(/^2026-11-26T09:00/) });
    expect(open.missing).toBeUndefined();
    expect(await write(r, PROTEGE, alias)).toMatch(/^250 /);
    expect((await weekly()).map((row) => row.pairId)).toEqual([id]);
    // The opening is on record, by whoever recorded the last step.
    const events = await r.relay.services.db.selectFrom('program_events').select(['type', 'actor']).where('entity', '=', 'pair').where('entity_id', '=', id).orderBy('id').execute();
    expect(events).toEqual([
      { type: 'created', actor: 'relay' },
      { type: 'opened', actor: 'admin (RELAY_ADMIN_TOKEN)' },
    ]);
  });

  it('opens a pair at once when both are already onboarded, and every pair at once with the gate off', async () => {
    const r = await relay();
    const { mentor, protege } = await twoPeople(r);
    await walk(r, mentor, mentorSteps);
    await walk(r, protege, protegeSteps);
    const res = await r.api('POST', '/api/pairs', { mentorId: mentor, protegeId: protege });
    expect(res.body).toMatchObject({ status: 'active' });
    expect(res.body.missing).toBeUndefined();
    await r.stop();
    removeDir(r.dir);

    const off = await relay(false);
    const people = await twoPeople(off);
    const pair = await off.api('POST', '/api/pairs', { mentorId: people.mentor, protegeId: people.protege });
    expect(pair.body).toMatchObject({ status: 'active' });
    expect(await write(off, MENTOR, pair.body.alias)).toMatch(/^250 /);
  });

  it('holds pairs made by the CSV import to the same gate', async () => {
    const r = await relay();
    await twoPeople(r);
    const res = await fetch(`http://127.0.0.1:${r.relay.httpPort}/api/import/pairs`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-admin-token-0123456789', 'content-type': 'text/csv' },
      body: `mentor_email,protege_email\n${MENTOR},${PROTEGE}\n`,
    });
    expect(res.status).toBe(200);
    const [pair] = (await r.api('GET', '/api/pairs')).body.items;
    expect(pair).toMatchObject({ status: 'pending' });
    expect(pair.missing).toHaveLength(11);
  });
});

describe('an expired background check', () => {
  async function openPair(r: TestRelay) {
    const people = await twoPeople(r);
    await walk(r, people.mentor, mentorSteps);
    await walk(r, people.protege, protegeSteps);
    const pair = (await r.api('POST', '/api/pairs', { mentorId: people.mentor, protegeId: people.protege })).body as { id: number; alias: string; status: string };
    expect(pair.status).toBe('active');
    return { ...people, pair };
  }

  it('pauses the mentor’s pairs (alias 550 5.2.1) and mails the person responsible for background checks, once', async () => {
    const r = await relay();
    const { corp, mentor, pair } = await openPair(r);
    const lee = (await r.api('POST', '/api/people', { name: 'Lee Checks', email: 'lee.checks@corp.example', role: 'staff', organizationId: corp })).body.id;
    const task = (await r.api('GET', '/api/responsibilities')).body.items.find((x: { task: string }) => x.task === 'performing background checks on potential mentors');
    expect((await r.api('PUT', `/api/responsibilities/${task.id}`, { organizationId: corp, personId: lee })).status).toBe(200);

    // A day before the expiry nothing happens.
    r.clock.set('2026-12-09T10:00:00Z');
    expect(await r.relay.expiry.check()).toEqual([]);
    expect(await write(r, MENTOR, pair.alias)).toMatch(/^250 /);

    r.clock.set('2026-12-10T01:00:00Z');
    expect(await r.relay.expiry.check()).toEqual([{ mentorId: mentor, pausedPairs: [pair.id], notified: ['lee.checks@corp.example'] }]);
    const paused = (await r.api('GET', `/api/pairs/${pair.id}`)).body;
    expect(paused).toMatchObject({ status: 'paused', statusReason: 'background-check-expired', missing: [{ personId: mentor, step: 'background-check' }] });
    expect(await write(r, PROTEGE, pair.alias)).toBe(`550 5.2.1 The mentoring pair behind ${pair.alias} is paused and does not accept messages`);
    // The message accepted before the expiry cannot be approved while the pair is paused.
    const held = (await r.api('GET', '/api/messages?status=held')).body.items[0];
    await screened(r, held.id); // else the approval waits for screening, whatever the pair
    const approve = await r.api('POST', `/api/messages/${held.id}/approve`, {});
    expect(approve.status).toBe(409);
    expect(approve.body.error.code).toBe('pair_inactive');

    const [mail] = await sink!.waitFor(1);
    expect(mail!.to).toEqual(['lee.checks@corp.example']);
    const parsed = await simpleParser(mail!.raw);
    expect(parsed.subject).toBe('Test Program: the background check of Mia Mentor expired, pairs paused');
    const text = parsed.text ?? '';
    expect(text).toContain('The background check of Mia Mentor, a mentor of Test Program, expired on 2026-12-10.');
    expect(text).toContain(`- ${pair.alias}, with Pete Protege`);
    expect(mail!.raw.toString('utf8')).not.toContain(PROTEGE);
    expect(mail!.raw.toString('utf8')).not.toContain(MENTOR);

    // Checked again an hour later: nothing new, no second mail.
    r.clock.advance(3_600_000);
    expect(await r.relay.expiry.check()).toEqual([]);
    // Resuming by hand is refused while the check is expired; a coordinator records a new one instead.
    expect((await r.api('PATCH', `/api/pairs/${pair.id}`, { status: 'active' })).body.error).toMatchObject({ code: 'onboarding_incomplete' });
    await walk(r, mentor, [{ step: 'background-check', status: 'cleared', expiresAt: '2027-12-10T00:00:00Z' }]);
    expect((await r.api('GET', `/api/pairs/${pair.id}`)).body).toMatchObject({ status: 'active', statusReason: null });
    expect((await r.api('POST', `/api/messages/${held.id}/approve`, {})).status).toBe(200);
    expect(sink!.received.filter((m) => m.to.includes('lee.checks@corp.example'))).toHaveLength(1);
  });

  it('is checked at start-up, and tells the coordinators when nobody is responsible', async () => {
    const clock = new SettableClock(START);
    const r = await relay(true, clock);
    const { pair } = await openPair(r);
    expect((await r.api('POST', '/api/users', { email: 'cora@program.example', name: 'Cora Coordinator', role: 'coordinator', password: 'a long password 1' })).status).toBe(201);
    const dir = r.dir;
    await r.stop();
    t = null;

    // The relay was down when the check expired: it pauses the pair before it accepts any mail.
    clock.set('2026-12-20T08:00:00Z');
    const again = await relay(true, clock, dir);
    expect(await write(again, MENTOR, pair.alias)).toMatch(/^550 5\.2\.1 /);
    expect((await again.api('GET', `/api/pairs/${pair.id}`)).body).toMatchObject({ status: 'paused', statusReason: 'background-check-expired' });
    const [mail] = await sink!.waitFor(1);
    expect(mail!.to).toEqual(['cora@program.example']);
    expect((await simpleParser(mail!.raw)).text).toContain('nobody is responsible for performing background checks on potential mentors');
  });

  it('refuses to record a check that is already over', async () => {
    const r = await relay();
    const { mentor } = await twoPeople(r);
    await walk(r, mentor, mentorSteps.slice(0, 2));
    const res = await r.api('POST', `/api/people/${mentor}/onboarding`, { step: 'background-check', status: 'cleared', at: '2025-01-01T00:00:00Z', expiresAt: '2026-01-01T00:00:00Z' });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'step_not_allowed', field: 'expiresAt' });
  });
});

describe('a participant who stops being cleared', () => {
  it('pauses the pair when a step fails after it opened, and resumes it when a new attempt succeeds', async () => {
    const r = await relay();
    const { mentor, protege } = await twoPeople(r);
    await walk(r, mentor, mentorSteps);
    await walk(r, protege, protegeSteps);
    const pair = (await r.api('POST', '/api/pairs', { mentorId: mentor, protegeId: protege })).body as { id: number; alias: string };
    expect(await write(r, MENTOR, pair.alias)).toMatch(/^250 /);

    // The parent withdraws the permission: the child's pair stops at once.
    await walk(r, protege, [{ step: 'parental-permission', status: 'failed', note: 'permission withdrawn' }]);
    expect((await r.api('GET', `/api/pairs/${pair.id}`)).body).toMatchObject({ status: 'paused', statusReason: 'onboarding-failed', missing: [{ personId: protege, step: 'parental-permission' }] });
    expect(await write(r, MENTOR, pair.alias)).toMatch(/^550 5\.2\.1 /);
    const held = (await r.api('GET', '/api/messages?status=held')).body.items[0];
    expect((await r.api('POST', `/api/messages/${held.id}/approve`, {})).body.error).toMatchObject({ code: 'pair_inactive' });
    expect((await r.api('PATCH', `/api/pairs/${pair.id}`, { status: 'active' })).body.error).toMatchObject({ code: 'onboarding_incomplete' });

    await walk(r, protege, [{ step: 'parental-permission', status: 'done', note: 'signed again' }]);
    expect((await r.api('GET', `/api/pairs/${pair.id}`)).body).toMatchObject({ status: 'active', statusReason: null });
  });

  it('leaves a pair a coordinator paused paused, even when the relay had paused it first', async () => {
    const r = await relay();
    const { mentor, protege } = await twoPeople(r);
    await walk(r, mentor, mentorSteps);
    await walk(r, protege, protegeSteps);
    const pair = (await r.api('POST', '/api/pairs', { mentorId: mentor, protegeId: protege })).body as { id: number };
    await walk(r, mentor, [{ step: 'background-check', status: 'failed' }]);
    expect((await r.api('PATCH', `/api/pairs/${pair.id}`, { status: 'paused' })).body).toMatchObject({ status: 'paused', statusReason: null });
    await walk(r, mentor, [{ step: 'background-check', status: 'cleared', expiresAt: CHECK_EXPIRES }]);
    expect((await r.api('GET', `/api/pairs/${pair.id}`)).body).toMatchObject({ status: 'paused', statusReason: null });
  });

  it('refuses a step dated in the future', async () => {
    const r = await relay();
    const { mentor } = await twoPeople(r);
    const res = await r.api('POST', `/api/people/${mentor}/onboarding`, { step: 'applied', status: 'done', at: '2026-12-25T00:00:00Z' });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ field: 'at' });
  });

  it('shows, with the gate on, an open pair made while it was off as not cleared', async () => {
    const clock = new SettableClock(START);
    const off = await relay(false, clock);
    const { mentor, protege } = await twoPeople(off);
    const pair = (await off.api('POST', '/api/pairs', { mentorId: mentor, protegeId: protege })).body as { id: number };
    expect((await off.api('GET', `/api/pairs/${pair.id}`)).body.missing).toBeUndefined();
    const dir = off.dir;
    await off.stop();
    t = null;
    const on = await relay(true, clock, dir);
    const shown = (await on.api('GET', `/api/pairs/${pair.id}`)).body;
    expect(shown).toMatchObject({ status: 'active' });
    expect(shown.missing).toHaveLength(11);
    expect((await on.relay.services.program.attention()).unclearedPairs.map((p) => p.id)).toEqual([pair.id]);
  });

  it('answers a change of role with 400 naming what can change, not 500', async () => {
    const r = await relay();
    const { mentor } = await twoPeople(r);
    const res = await r.api('PATCH', `/api/people/${mentor}`, { role: 'protege' });
    expect(res.status).toBe(400);
    expect((await r.api('GET', `/api/people/${mentor}`)).body.role).toBe('mentor');
  });
});

describe('closing a pair', () => {
  it('closes it for good with a reason: the alias answers 550 5.2.1, the messages stay readable', async () => {
    const r = await relay(false);
    const { mentor, protege } = await twoPeople(r);
    const pair = (await r.api('POST', '/api/pairs', { mentorId: mentor, protegeId: protege })).body as { id: number; alias: string };
    expect(await write(r, MENTOR, pair.alias)).toMatch(/^250 /);
    const held = (await r.api('GET', '/api/messages?status=held')).body.items[0];

    const bad = await r.api('POST', `/api/pairs/${pair.id}/close`, { reason: 'bored', rematch: false });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('reason');
    expect((await r.api('POST', `/api/pairs/${pair.id}/close`, { reason: 'completed' })).status).toBe(400);

    const closed = await r.api('POST', `/api/pairs/${pair.id}/close`, { reason: 'protege-initiated', note: 'Pete moved schools', rematch: true });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closeReason: 'protege-initiated', closeNote: 'Pete moved schools', rematch: true, endedAt: expect.any(String) });

    expect(await write(r, PROTEGE, pair.alias)).toBe(`550 5.2.1 The mentoring pair behind ${pair.alias} is closed and no longer accepts messages`);
    expect((await r.api('GET', `/api/messages/${held.id}`)).status).toBe(200);
    const raw = await fetch(`http://127.0.0.1:${r.relay.httpPort}/api/messages/${held.id}/raw`, { headers: { authorization: 'Bearer test-admin-token-0123456789' } });
    expect(raw.status).toBe(200);
    expect(await raw.text()).toContain('How was your week?');

    // Never again: not closed twice, not reopened, not made anew for the same two.
    expect((await r.api('POST', `/api/pairs/${pair.id}/close`, { reason: 'other', rematch: false })).body.error).toMatchObject({ code: 'pair_closed' });
    expect((await r.api('PATCH', `/api/pairs/${pair.id}`, { status: 'active' })).status).toBe(409);
    expect((await r.api('POST', '/api/pairs', { mentorId: mentor, protegeId: protege })).body.error).toMatchObject({ code: 'pair_closed' });
    const events = await r.relay.services.db.selectFrom('program_events').select(['type', 'detail']).where('entity', '=', 'pair').where('entity_id', '=', pair.id).where('type', '=', 'closed').execute();
    expect(events.map((e) => JSON.parse(e.detail!))).toEqual([{ before: 'active', after: 'closed', reason: 'protege-initiated', note: 'Pete moved schools', rematch: true }]);
  });
});
