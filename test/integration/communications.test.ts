import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, startTestRelay, type TestRelay } from '../helpers/relay.js';

let t: TestRelay | null = null;

afterEach(async () => {
  await t?.stop();
  if (t) removeDir(t.dir);
  t = null;
});

const ACTOR = 'admin (RELAY_ADMIN_TOKEN)';

async function person(relay: TestRelay, name: string, role: string, email: string) {
  const res = await relay.api('POST', '/api/people', { name, email, role });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as number;
}

const log = (relay: TestRelay, body: Record<string, unknown>) => relay.api('POST', '/api/communications', body);

describe('the communications log', () => {
  it('records a contact with its defaults: now by the relay clock, no kind, no follow-up', async () => {
    t = await startTestRelay();
    const mentor = await person(t, 'Morgan Mentor', 'mentor', 'morgan@corp.example');
    t.clock.set('2026-11-25T10:00:00Z');

    const res = await log(t, { personId: mentor, channel: 'phone', summary: 'Asked how the first week went.' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      personId: mentor,
      channel: 'phone',
      kind: null,
      summary: 'Asked how the first week went.',
      at: expect.stringMatching(/^2026-11-25T10:00:/),
      followUpDue: null,
      followUpDoneAt: null,
      actor: ACTOR,
    });

    const full = await log(t, {
      personId: mentor,
      channel: 'in-person',
      kind: ' Check-In ',
      summary: 'Met at the school.\r\nAll going well\u001b[2J.\n\nNext: science fair.',
      at: '2026-11-20T15:30:00+01:00',
      followUpDue: '2026-12-01T09:00:00Z',
    });
    expect(full.status, JSON.stringify(full.body)).toBe(201);
    expect(full.body).toMatchObject({
      channel: 'in-person',
      kind: 'check-in',
      summary: 'Met at the school.\nAll going well[2J.\n\nNext: science fair.',
      at: '2026-11-20T14:30:00.000Z',
      followUpDue: '2026-12-01T09:00:00.000Z',
      followUpDoneAt: null,
    });

    const row = await t.relay.services.db.selectFrom('communications').selectAll().where('id', '=', full.body.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ person_id: mentor, channel: 'in-person', kind: 'check-in', at: Date.parse('2026-11-20T14:30:00Z'), follow_up_due: Date.parse('2026-12-01T09:00:00Z'), actor: ACTOR });
    expect(row.recorded_at).toBeGreaterThanOrEqual(Date.parse('2026-11-25T10:00:00Z'));
    const events = await t.relay.services.db.selectFrom('program_events').selectAll().where('entity', '=', 'communication').orderBy('id').execute();
    expect(events.map((e) => [e.entity_id, e.type, e.actor])).toEqual([
      [res.body.id, 'recorded', ACTOR],
      [full.body.id, 'recorded', ACTOR],
    ]);
    expect(JSON.parse(events[1]!.detail!)).toEqual({
      person: { id: mentor, name: 'Morgan Mentor', role: 'mentor' },
      channel: 'in-person',
      kind: 'check-in',
      at: '2026-11-20T14:30:00.000Z',
      followUpDue: '2026-12-01T09:00:00.000Z',
    });
  });

  it('names the field at fault, and stores nothing refused', async () => {
    t = await startTestRelay();
    const mentor = await person(t, 'Morgan Mentor', 'mentor', 'morgan@corp.example');
    const staff = await person(t, 'Casey Coordinator', 'staff', 'casey@program.example');
    const ok = { personId: mentor, channel: 'email', summary: 'Sent the orientation pack.' };
    const fails = async (body: Record<string, unknown>, status: number, field: string, code?: string) => {
      const res = await log(t!, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error.field, JSON.stringify(res.body)).toBe(field);
      if (code) expect(res.body.error.code).toBe(code);
      return res.body.error;
    };

    const fax = await fails({ ...ok, channel: 'fax' }, 400, 'channel', 'invalid_request');
    expect(fax.message).toBe('body/channel: must be one of email, phone, text, video, in-person, letter, other');
    await fails({ ...ok, summary: '' }, 400, 'summary');
    await fails({ ...ok, summary: ' \u0000\n ' }, 400, 'summary');
    await fails({ ...ok, summary: 'x'.repeat(4001) }, 400, 'summary');
    await fails({ ...ok, kind: 'k'.repeat(41) }, 400, 'kind');
    await fails({ ...ok, at: 'yesterday' }, 400, 'at');
    await fails({ personId: mentor, channel: 'email' }, 400, 'summary');
    const future = await fails({ ...ok, at: '2026-11-26T10:00:00Z' }, 422, 'at', 'in_future');
    expect(future.message).toBe('at: 2026-11-26T10:00:00.000Z is in the future; record a contact once it has happened');
    await fails({ ...ok, at: '2026-11-20T10:00:00Z', followUpDue: '2026-11-19T10:00:00Z' }, 422, 'followUpDue');
    const unknown = await fails({ ...ok, personId: 999 }, 422, 'personId', 'invalid_reference');
    expect(unknown.message).toBe('personId: no person with id 999');
    const isStaff = await fails({ ...ok, personId: staff }, 422, 'personId', 'invalid_reference');
    expect(isStaff.message).toBe(`personId: person ${staff} (Casey Coordinator) is staff; the log is of contacts with mentors, protégés and parents`);
    expect(await t.relay.services.db.selectFrom('communications').select('id').execute()).toEqual([]);
    expect(await t.relay.services.db.selectFrom('program_events').select('id').where('entity', '=', 'communication').execute()).toEqual([]);

    // A parent (a guardian) is someone the log is about, as is a protégé.
    const pat = await person(t, 'Pat Protege', 'protege', 'pat@school.example');
    const maria = (await t.api('POST', `/api/people/${pat}/guardians`, { name: 'Maria Lopez', relationship: 'mother' })).body;
    expect((await log(t, { ...ok, personId: maria.id, channel: 'letter' })).status).toBe(201);
    expect((await log(t, { ...ok, personId: pat, channel: 'text' })).status).toBe(201);
  });

  it('lists newest first, by person, and the open follow-ups; a follow-up is marked done and open again', async () => {
    t = await startTestRelay();
    const mentor = await person(t, 'Morgan Mentor', 'mentor', 'morgan@corp.example');
    const pat = await person(t, 'Pat Protege', 'protege', 'pat@school.example');
    const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T12:00:00.000Z`;
    const a = (await log(t, { personId: mentor, channel: 'email', summary: 'a', at: at(10), followUpDue: at(20) })).body;
    const b = (await log(t, { personId: pat, channel: 'phone', summary: 'b', at: at(12) })).body;
    const c = (await log(t, { personId: mentor, channel: 'video', summary: 'c', at: at(11), followUpDue: at(15) })).body;
    const d = (await log(t, { personId: pat, channel: 'other', summary: 'd', at: at(9), followUpDue: at(30) })).body;

    const ids = async (query: string) => {
      const res = await t!.api('GET', `/api/communications${query}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.items.map((i: { id: number }) => i.id);
    };
    expect(await ids('')).toEqual([b.id, c.id, a.id, d.id]);
    expect(await ids(`?personId=${mentor}`)).toEqual([c.id, a.id]);
    expect(await ids(`?personId=${pat}&followUp=`)).toEqual([b.id, d.id]);
    expect(await ids('?followUp=open')).toEqual([c.id, a.id, d.id]);
    expect(await ids(`?followUp=open&personId=${pat}`)).toEqual([d.id]);
    expect(await ids('?personId=999')).toEqual([]);
    expect((await t.api('GET', '/api/communications?followUp=closed')).status).toBe(400);

    t.clock.set('2026-11-21T08:00:00Z');
    const done = await t.api('PATCH', `/api/communications/${a.id}`, { followUpDone: true });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toEqual({ ...a, followUpDoneAt: expect.stringMatching(/^2026-11-21T08:00:/) });
    expect(await ids('?followUp=open')).toEqual([c.id, d.id]);
    // Done again: nothing changes, nothing is recorded.
    t.clock.set('2026-11-22T08:00:00Z');
    expect((await t.api('PATCH', `/api/communications/${a.id}`, { followUpDone: true })).body.followUpDoneAt).toBe(done.body.followUpDoneAt);

    const reopened = await t.api('PATCH', `/api/communications/${a.id}`, { followUpDone: false });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toEqual(a);
    expect(await ids('?followUp=open')).toEqual([c.id, a.id, d.id]);

    const none = await t.api('PATCH', `/api/communications/${b.id}`, { followUpDone: true });
    expect(none.status).toBe(422);
    expect(none.body.error).toEqual({ code: 'no_follow_up', field: 'followUpDone', message: `followUpDone: communication ${b.id} has no follow-up` });
    expect((await t.api('PATCH', '/api/communications/999', { followUpDone: true })).status).toBe(404);
    expect((await t.api('PATCH', `/api/communications/${a.id}`, {})).body.error).toMatchObject({ code: 'invalid_request', field: 'followUpDone' });
    expect((await t.api('PATCH', `/api/communications/${a.id}`, { followUpDone: 'yes' })).status).toBe(400);

    const events = await t.relay.services.db.selectFrom('program_events').select(['entity_id', 'type', 'detail']).where('entity', '=', 'communication').where('entity_id', '=', a.id).orderBy('id').execute();
    expect(events.map((e) => e.type)).toEqual(['recorded', 'follow-up-done', 'follow-up-reopened']);
    expect(JSON.parse(events[2]!.detail!)).toMatchObject({ before: { followUpDoneAt: done.body.followUpDoneAt }, after: { followUpDoneAt: null } });
  });

  it('lets a reviewer token read the log but not write it, and documents the routes', async () => {
    t = await startTestRelay();
    const mentor = await person(t, 'Morgan Mentor', 'mentor', 'morgan@corp.example');
    const entry = (await log(t, { personId: mentor, channel: 'email', summary: 'hello', followUpDue: '2026-12-01T00:00:00Z' })).body;
    const { token } = await t.relay.services.tokens.create('reviewer', null);
    expect((await t.api('POST', '/api/communications', { personId: mentor, channel: 'email', summary: 'x' }, token)).status).toBe(403);
    expect((await t.api('PATCH', `/api/communications/${entry.id}`, { followUpDone: true }, token)).status).toBe(403);
    expect((await t.api('GET', '/api/communications', undefined, token)).body.items).toHaveLength(1);
    expect((await t.api('GET', '/api/communications', undefined, null)).status).toBe(401);

    const doc = (await t.api('GET', '/api/openapi.json')).body;
    expect(Object.keys(doc.paths['/api/communications'])).toEqual(['post', 'get']);
    expect(Object.keys(doc.paths['/api/communications/{id}'])).toEqual(['patch']);
    expect(doc.paths['/api/communications'].post.tags).toEqual(['communications']);
    expect(doc.paths['/api/communications'].post.requestBody.content['application/json'].schema.properties.channel.enum).toEqual(['email', 'phone', 'text', 'video', 'in-person', 'letter', 'other']);
  });
});
