import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, startTestRelay, type TestRelay } from '../helpers/relay.js';

let t: TestRelay | null = null;

afterEach(async () => {
  await t?.stop();
  if (t) removeDir(t.dir);
  t = null;
});

const ACTOR = 'admin (RELAY_ADMIN_TOKEN)';
const EXPIRES = '2027-11-25T00:00:00.000Z';

async function person(relay: TestRelay, role: string, email: string) {
  const res = await relay.api('POST', '/api/people', { name: `A ${role}`, email, role });
  expect(res.status).toBe(201);
  return res.body.id as number;
}

const record = (relay: TestRelay, id: number, body: Record<string, unknown>) => relay.api('POST', `/api/people/${id}/onboarding`, body);

async function recordAll(relay: TestRelay, id: number, steps: Record<string, unknown>[]) {
  for (const s of steps) {
    const res = await record(relay, id, s);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
}

const mentorSteps = [
  { step: 'applied', status: 'done' },
  { step: 'application-reviewed', status: 'done', note: 'strong references' },
  { step: 'background-check', status: 'cleared', expiresAt: EXPIRES },
  { step: 'approved', status: 'done' },
  { step: 'notified', status: 'done' },
  { step: 'oriented', status: 'done', at: '2026-11-20T15:00:00Z' },
];
const protegeSteps = [
  { step: 'enrolled', status: 'done' },
  { step: 'eligibility-reviewed', status: 'done' },
  { step: 'parental-permission', status: 'done', at: '2026-11-18T00:00:00Z', note: 'slip signed' },
  { step: 'approved', status: 'done' },
  { step: 'oriented', status: 'done' },
];

describe('onboarding pipelines', () => {
  it('lists every step of the role as pending at first, then walks a mentor and a protégé to complete', async () => {
    t = await startTestRelay();
    const mentor = await person(t, 'mentor', 'm@corp.example');
    const protege = await person(t, 'protege', 'p@school.example');

    const empty = await t.api('GET', `/api/people/${mentor}/onboarding`);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({
      personId: mentor,
      role: 'mentor',
      complete: false,
      steps: ['applied', 'application-reviewed', 'background-check', 'approved', 'notified', 'oriented'].map((step) => ({ step, status: 'pending', at: null, actor: null, note: null, expiresAt: null })),
    });

    await recordAll(t, mentor, mentorSteps.slice(0, -1));
    const last = await record(t, mentor, mentorSteps.at(-1)!);
    expect(last.status).toBe(201);
    expect(last.body.complete).toBe(true);
    expect(last.body.steps).toEqual([
      { step: 'applied', status: 'done', at: expect.any(String), actor: ACTOR, note: null, expiresAt: null },
      { step: 'application-reviewed', status: 'done', at: expect.any(String), actor: ACTOR, note: 'strong references', expiresAt: null },
      { step: 'background-check', status: 'cleared', at: expect.any(String), actor: ACTOR, note: null, expiresAt: EXPIRES },
      { step: 'approved', status: 'done', at: expect.any(String), actor: ACTOR, note: null, expiresAt: null },
      { step: 'notified', status: 'done', at: expect.any(String), actor: ACTOR, note: null, expiresAt: null },
      { step: 'oriented', status: 'done', at: '2026-11-20T15:00:00.000Z', actor: ACTOR, note: null, expiresAt: null },
    ]);
    // `at` defaults to the relay's clock, not today's date.
    expect(last.body.steps[0].at.slice(0, 13)).toBe('2026-11-25T10');
    expect((await t.api('GET', `/api/people/${mentor}/onboarding`)).body).toEqual(last.body);

    // The permission names the guardian who signed it: one of this protégé's, and nobody else.
    const mother = (await t.api('POST', `/api/people/${protege}/guardians`, { name: 'Rosa Protege', email: 'rosa@home.example', relationship: 'mother' })).body.id as number;
    await recordAll(t, protege, protegeSteps.slice(0, 2));
    const stranger = await record(t, protege, { ...protegeSteps[2], guardianId: mentor });
    expect(stranger.status).toBe(422);
    expect(stranger.body.error).toMatchObject({ field: 'guardianId' });
    const onOtherStep = await record(t, protege, { ...protegeSteps[1], guardianId: mother });
    expect(onOtherStep.body.error).toMatchObject({ field: 'guardianId' });
    await recordAll(t, protege, [{ ...protegeSteps[2], guardianId: mother }, ...protegeSteps.slice(3)]);
    const p = (await t.api('GET', `/api/people/${protege}/onboarding`)).body;
    expect(p).toMatchObject({ personId: protege, role: 'protege', complete: true });
    expect(p.steps.map((s: { step: string }) => s.step)).toEqual(['enrolled', 'eligibility-reviewed', 'parental-permission', 'approved', 'oriented']);

    // Each step is one row and one program event.
    const db = t.relay.services.db;
    const guardian = await db.selectFrom('onboarding_steps').select('guardian_id').where('person_id', '=', protege).where('step', '=', 'parental-permission').executeTakeFirstOrThrow();
    expect(guardian.guardian_id).toBe(mother);
    const events = await db.selectFrom('program_events').selectAll().where('entity', '=', 'onboarding').orderBy('id').execute();
    expect(events).toHaveLength(11);
    expect(events[0]).toMatchObject({ entity_id: mentor, type: 'step-recorded', actor: ACTOR });
    expect(JSON.parse(events[2]!.detail!)).toMatchObject({ role: 'mentor', step: 'background-check', before: null, after: { status: 'cleared', expiresAt: EXPIRES } });
  });

  it('refuses out-of-order and wrong-role steps with 422 naming step, and stores nothing', async () => {
    t = await startTestRelay();
    const mentor = await person(t, 'mentor', 'm@corp.example');
    const protege = await person(t, 'protege', 'p@school.example');

    const early = await record(t, mentor, { step: 'approved', status: 'done' });
    expect(early.status).toBe(422);
    expect(early.body.error).toEqual({ code: 'step_not_allowed', field: 'step', message: 'step: approved needs applied first' });

    await recordAll(t, mentor, mentorSteps.slice(0, 2));
    const noCheck = await record(t, mentor, { step: 'approved', status: 'done' });
    expect(noCheck.status).toBe(422);
    expect(noCheck.body.error).toMatchObject({ field: 'step', message: 'step: approved needs background-check first' });

    const wrongRole = await record(t, mentor, { step: 'parental-permission', status: 'done' });
    expect(wrongRole.status).toBe(422);
    expect(wrongRole.body.error).toMatchObject({ code: 'step_not_allowed', field: 'step' });
    expect(wrongRole.body.error.message).toMatch(/^step: "parental-permission" is not a step of a mentor's onboarding/);
    const checkForProtege = await record(t, protege, { step: 'background-check', status: 'cleared', expiresAt: EXPIRES });
    expect(checkForProtege.status).toBe(422);
    expect(checkForProtege.body.error.field).toBe('step');

    await recordAll(t, protege, protegeSteps.slice(0, 2));
    const noPermission = await record(t, protege, { step: 'approved', status: 'done' });
    expect(noPermission.status).toBe(422);
    expect(noPermission.body.error).toMatchObject({ field: 'step', message: 'step: approved needs parental-permission first' });

    const noExpiry = await record(t, mentor, { step: 'background-check', status: 'cleared' });
    expect(noExpiry.status).toBe(422);
    expect(noExpiry.body.error.field).toBe('expiresAt');
    const doneCheck = await record(t, mentor, { step: 'background-check', status: 'done' });
    expect(doneCheck.status).toBe(422);
    expect(doneCheck.body.error.field).toBe('status');

    // Nothing refused was stored: two rows each.
    const count = async (id: number) => (await t!.relay.services.db.selectFrom('onboarding_steps').select('id').where('person_id', '=', id).execute()).length;
    expect(await count(mentor)).toBe(2);
    expect(await count(protege)).toBe(2);
  });

  it('stops the pipeline after a failed background check until a new attempt, and keeps both attempts', async () => {
    t = await startTestRelay();
    const mentor = await person(t, 'mentor', 'm@corp.example');
    await recordAll(t, mentor, mentorSteps.slice(0, 2));

    const failed = await record(t, mentor, { step: 'background-check', status: 'failed', note: 'record found' });
    expect(failed.status).toBe(201);
    expect(failed.body.steps[2]).toMatchObject({ step: 'background-check', status: 'failed', note: 'record found', expiresAt: null });

    const stopped = await record(t, mentor, { step: 'approved', status: 'done' });
    expect(stopped.status).toBe(422);
    expect(stopped.body.error).toMatchObject({ field: 'step', message: 'step: background-check failed on 2026-11-25: record a new attempt of background-check before approved' });

    t.clock.set('2026-11-28T09:00:00Z');
    await recordAll(t, mentor, [{ step: 'background-check', status: 'cleared', expiresAt: EXPIRES, note: 'second check' }, ...mentorSteps.slice(3)]);
    const after = (await t.api('GET', `/api/people/${mentor}/onboarding`)).body;
    expect(after.complete).toBe(true);
    expect(after.steps[2]).toMatchObject({ step: 'background-check', status: 'cleared', note: 'second check', expiresAt: EXPIRES });
    expect(after.steps[2].at.slice(0, 10)).toBe('2026-11-28');

    const attempts = await t.relay.services.db.selectFrom('onboarding_steps').select(['status', 'note']).where('person_id', '=', mentor).where('step', '=', 'background-check').orderBy('id').execute();
    expect(attempts).toEqual([
      { status: 'failed', note: 'record found' },
      { status: 'cleared', note: 'second check' },
    ]);
  });

  it('is no longer complete once the background check has expired', async () => {
    t = await startTestRelay();
    const mentor = await person(t, 'mentor', 'm@corp.example');
    await recordAll(t, mentor, mentorSteps);
    expect((await t.api('GET', `/api/people/${mentor}/onboarding`)).body.complete).toBe(true);

    t.clock.set('2027-11-25T00:00:01Z');
    const expired = (await t.api('GET', `/api/people/${mentor}/onboarding`)).body;
    expect(expired.complete).toBe(false);
    expect(expired.steps[2]).toMatchObject({ status: 'cleared', expiresAt: EXPIRES });

    // A new check makes the mentor complete again.
    await recordAll(t, mentor, [{ step: 'background-check', status: 'cleared', expiresAt: '2028-11-25T00:00:00Z' }]);
    expect((await t.api('GET', `/api/people/${mentor}/onboarding`)).body.complete).toBe(true);
  });

  it('answers 404 for an unknown person, 422 for one without a pipeline, 403 to a reviewer token', async () => {
    t = await startTestRelay();
    expect((await t.api('GET', '/api/people/999/onboarding')).status).toBe(404);
    expect((await record(t, 999, { step: 'applied', status: 'done' })).status).toBe(404);

    const staff = await person(t, 'staff', 's@school.example');
    const noPipeline = await t.api('GET', `/api/people/${staff}/onboarding`);
    expect(noPipeline.status).toBe(422);
    expect(noPipeline.body.error).toMatchObject({ field: 'step', message: `step: person ${staff} (A staff) is staff; only mentors and protégés have an onboarding pipeline` });
    expect((await record(t, staff, { step: 'applied', status: 'done' })).status).toBe(422);

    const mentor = await person(t, 'mentor', 'm@corp.example');
    const { token } = await t.relay.services.tokens.create('reviewer', null);
    expect((await t.api('POST', `/api/people/${mentor}/onboarding`, { step: 'applied', status: 'done' }, token)).status).toBe(403);
    expect((await t.api('GET', `/api/people/${mentor}/onboarding`, undefined, token)).status).toBe(200);
    expect((await t.api('GET', `/api/people/${mentor}/onboarding`, undefined, null)).status).toBe(401);

    const doc = (await t.api('GET', '/api/openapi.json')).body;
    expect(Object.keys(doc.paths['/api/people/{id}/onboarding'])).toEqual(['get', 'post']);
  });
});
