import { afterEach, describe, expect, it } from 'vitest';
import { seedTasks } from '../../src/program/seed-tasks.js';
import { removeDir, startTestRelay, type TestRelay } from '../helpers/relay.js';

let t: TestRelay | null = null;

afterEach(async () => {
  await t?.stop();
  if (t) removeDir(t.dir);
  t = null;
});

const NOW = '2026-11-25T10:00:00.000Z';
const daysBefore = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();
const daysAfter = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString();

async function person(relay: TestRelay, name: string, role: string, email: string, organizationId?: number) {
  const res = await relay.api('POST', '/api/people', { name, email, role, organizationId });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as number;
}

async function pair(relay: TestRelay, mentorId: number, protegeId: number, startedAt: string) {
  relay.clock.set(startedAt);
  const res = await relay.api('POST', '/api/pairs', { mentorId, protegeId });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; startedAt: string };
}

async function checkIn(relay: TestRelay, personId: number, at: string, kind = 'check-in') {
  const res = await relay.api('POST', '/api/communications', { personId, channel: 'phone', kind, summary: 'How is it going?', at });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

const checkins = async (relay: TestRelay, query = '') => {
  const res = await relay.api('GET', `/api/checkins${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as { personId: number; role: string; lastCheckInAt: string | null; dueAt: string; responsiblePersonId: number | null }[];
};

describe('check-ins', () => {
  it('lists the mentors and protégés of active and paused pairs with their last check-in and due date; overdue by the clock', async () => {
    t = await startTestRelay({ program: { checkInDays: 30 } });
    const ann = await person(t, 'Ann Mentor', 'mentor', 'ann@corp.example');
    const ben = await person(t, 'Ben Protege', 'protege', 'ben@school.example');
    const cal = await person(t, 'Cal Mentor', 'mentor', 'cal@corp.example');
    const dee = await person(t, 'Dee Protege', 'protege', 'dee@school.example');
    const eve = await person(t, 'Eve Mentor', 'mentor', 'eve@corp.example');
    const fay = await person(t, 'Fay Protege', 'protege', 'fay@school.example');
    await person(t, 'Gus Mentor', 'mentor', 'gus@corp.example'); // in no pair: not listed

    const first = await pair(t, ann, ben, '2026-09-01T09:00:00.000Z'); // checked in since
    const second = await pair(t, cal, dee, '2026-11-10T09:00:00.000Z');
    const third = await pair(t, eve, fay, '2026-09-01T09:00:00.000Z');
    t.clock.set(NOW);
    expect((await t.api('PATCH', `/api/pairs/${third.id}`, { status: 'closed' })).status).toBe(200);
    expect((await t.api('PATCH', `/api/pairs/${second.id}`, { status: 'paused' })).status).toBe(200);

    await checkIn(t, ann, daysBefore(40)); // overdue since 10 days
    await checkIn(t, ann, daysBefore(50)); // an older one changes nothing
    await checkIn(t, ann, daysBefore(2), 'parent call'); // not a check-in
    await checkIn(t, ben, daysBefore(10)); // due in 20 days
    await checkIn(t, eve, daysBefore(1)); // a closed pair's people are not listed, check-in or not

    const all = await checkins(t);
    expect(all).toEqual([
      { personId: ann, role: 'mentor', lastCheckInAt: daysBefore(40), dueAt: daysAfter(daysBefore(40), 30), responsiblePersonId: null },
      // Never checked in: due checkInDays after the pair started (a paused pair counts).
      { personId: cal, role: 'mentor', lastCheckInAt: null, dueAt: daysAfter(second.startedAt, 30), responsiblePersonId: null },
      { personId: dee, role: 'protege', lastCheckInAt: null, dueAt: daysAfter(second.startedAt, 30), responsiblePersonId: null },
      { personId: ben, role: 'protege', lastCheckInAt: daysBefore(10), dueAt: daysAfter(daysBefore(10), 30), responsiblePersonId: null },
    ]);
    expect(second.startedAt.slice(0, 16)).toBe('2026-11-10T09:00');
    expect(first.startedAt.slice(0, 16)).toBe('2026-09-01T09:00');
    expect(await checkins(t, '?status=overdue')).toEqual([all[0]]);

    // The same data a month later, by the clock alone: Ben and the paused pair are due too.
    t.clock.set('2026-12-20T00:00:00Z');
    expect((await checkins(t, '?status=overdue')).map((c) => c.personId)).toEqual([ann, cal, dee, ben]);
    t.clock.set('2026-12-10T08:59:00Z');
    expect((await checkins(t, '?status=overdue')).map((c) => c.personId)).toEqual([ann]);
    expect((await t.api('GET', '/api/checkins?status=late')).status).toBe(400);
  });

  it('counts a closed pair out, and a person of two open pairs once, from the first to start', async () => {
    t = await startTestRelay();
    const ann = await person(t, 'Ann Mentor', 'mentor', 'ann@corp.example');
    const ben = await person(t, 'Ben Protege', 'protege', 'ben@school.example');
    const dee = await person(t, 'Dee Protege', 'protege', 'dee@school.example');
    const old = await pair(t, ann, ben, '2026-06-01T00:00:00.000Z');
    const later = await pair(t, ann, dee, '2026-10-01T00:00:00.000Z');
    t.clock.set(NOW);
    // Ann has two open pairs: listed once, due 30 days after the first started.
    expect((await checkins(t)).map((c) => [c.personId, c.dueAt])).toEqual([
      [ann, daysAfter(old.startedAt, 30)],
      [ben, daysAfter(old.startedAt, 30)],
      [dee, daysAfter(later.startedAt, 30)],
    ]);
    expect(daysAfter(old.startedAt, 30).slice(0, 10)).toBe('2026-07-01');
    // Once that pair is closed, Ben is not listed, and Ann is due from the pair left open.
    expect((await t.api('PATCH', `/api/pairs/${old.id}`, { status: 'closed' })).status).toBe(200);
    expect((await checkins(t)).map((c) => [c.personId, c.dueAt])).toEqual([
      [ann, daysAfter(later.startedAt, 30)],
      [dee, daysAfter(later.startedAt, 30)],
    ]);
  });

  it('names the person the responsibility matrix makes responsible for communicating with mentors, and with protégés', async () => {
    t = await startTestRelay();
    const org = (await t.api('POST', '/api/organizations', { name: 'Program Office', kind: 'nonprofit' })).body;
    const casey = await person(t, 'Casey Coordinator', 'staff', 'casey@program.example', org.id);
    const robin = await person(t, 'Robin Coordinator', 'staff', 'robin@program.example', org.id);
    const ann = await person(t, 'Ann Mentor', 'mentor', 'ann@corp.example');
    const ben = await person(t, 'Ben Protege', 'protege', 'ben@school.example');
    await pair(t, ann, ben, '2026-11-01T00:00:00.000Z');
    t.clock.set(NOW);

    const tasks = (await t.api('GET', '/api/responsibilities')).body.items as { id: number; task: string }[];
    const taskId = (wording: string) => tasks.find((x) => x.task === wording)!.id;
    const assign = async (wording: string, personId: number | null) =>
      expect((await t!.api('PUT', `/api/responsibilities/${taskId(wording)}`, { organizationId: personId === null ? null : org.id, personId })).status).toBe(200);
    const responsible = async () => Object.fromEntries((await checkins(t!)).map((c) => [c.personId, c.responsiblePersonId]));

    expect(await responsible()).toEqual({ [ann]: null, [ben]: null });
    await assign(seedTasks.mentorContact, casey);
    expect(await responsible()).toEqual({ [ann]: casey, [ben]: null });
    await assign(seedTasks.protegeContact, robin);
    expect(await responsible()).toEqual({ [ann]: casey, [ben]: robin });
    await assign(seedTasks.mentorContact, robin);
    expect(await responsible()).toEqual({ [ann]: robin, [ben]: robin });
    await assign(seedTasks.mentorContact, null);
    expect(await responsible()).toEqual({ [ann]: null, [ben]: robin });
    // A retired task holds nobody responsible.
    expect((await t.api('PATCH', `/api/responsibilities/${taskId(seedTasks.protegeContact)}`, { retired: true })).status).toBe(200);
    expect(await responsible()).toEqual({ [ann]: null, [ben]: null });
  });

  it('is read by any token, behind auth, and documented', async () => {
    t = await startTestRelay();
    const { token } = await t.relay.services.tokens.create('reviewer', null);
    expect((await t.api('GET', '/api/checkins', undefined, token)).body).toEqual({ items: [] });
    expect((await t.api('GET', '/api/checkins', undefined, null)).status).toBe(401);
    const doc = (await t.api('GET', '/api/openapi.json')).body;
    expect(doc.paths['/api/checkins'].get.tags).toEqual(['check-ins']);
    expect(doc.paths['/api/checkins'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['status']);
  });
});
