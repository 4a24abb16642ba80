import { afterEach, describe, expect, it } from 'vitest';
import { isGuardianOf } from '../../src/program/guardian.service.js';
import { removeDir, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { WebSession } from '../helpers/web-session.js';

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

const addGuardian = (relay: TestRelay, protegeId: number, body: Record<string, unknown>) => relay.api('POST', `/api/people/${protegeId}/guardians`, body);

describe('guardians', () => {
  it('links a guardian with an address and phone, and one without: both are people of role parent', async () => {
    t = await startTestRelay();
    const pat = await person(t, 'Pat Protege', 'protege', 'pat@school.example');

    const maria = await addGuardian(t, pat, { name: ' Maria Lopez ', email: 'Maria@Home.example', phone: '(415) 555-0132', relationship: 'mother' });
    expect(maria.status, JSON.stringify(maria.body)).toBe(201);
    expect(maria.body).toEqual({ id: expect.any(Number), protegeId: pat, name: 'Maria Lopez', email: 'maria@home.example', phone: '+14155550132', relationship: 'mother' });
    const jo = await addGuardian(t, pat, { name: 'Jo Lopez', relationship: 'legal guardian', phone: '+44 20 7946 0958' });
    expect(jo.status, JSON.stringify(jo.body)).toBe(201);
    expect(jo.body).toEqual({ id: expect.any(Number), protegeId: pat, name: 'Jo Lopez', email: null, phone: '+442079460958', relationship: 'legal guardian' });
    const noPhone = await addGuardian(t, pat, { name: 'Sam Lopez', relationship: 'father' });
    expect(noPhone.body).toMatchObject({ email: null, phone: null });

    // The guardian's id is their person id.
    const mariaPerson = await t.api('GET', `/api/people/${maria.body.id}`);
    expect(mariaPerson.body).toMatchObject({ id: maria.body.id, name: 'Maria Lopez', role: 'parent', email: 'maria@home.example', emails: ['maria@home.example'], organizationId: null });
    // A person without an address: email null, no addresses, in the list and on its own.
    expect((await t.api('GET', `/api/people/${jo.body.id}`)).body).toMatchObject({ name: 'Jo Lopez', role: 'parent', email: null, emails: [] });
    const people = await t.api('GET', '/api/people');
    expect(people.status).toBe(200);
    expect(people.body.items.map((p: { name: string; role: string; email: string | null }) => [p.name, p.role, p.email])).toEqual([
      ['Pat Protege', 'protege', 'pat@school.example'],
      ['Maria Lopez', 'parent', 'maria@home.example'],
      ['Jo Lopez', 'parent', null],
      ['Sam Lopez', 'parent', null],
    ]);

    const list = await t.api('GET', `/api/people/${pat}/guardians`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([maria.body, jo.body, noPhone.body]);

    expect(await isGuardianOf(t.relay.services.db, pat, maria.body.id)).toBe(true);
    expect(await isGuardianOf(t.relay.services.db, pat, pat)).toBe(false);

    const rows = await t.relay.services.db.selectFrom('guardians').selectAll().orderBy('created_at').execute();
    expect(rows.map((r) => [r.protege_id, r.person_id, r.relationship, r.phone])).toEqual([
      [pat, maria.body.id, 'mother', '+14155550132'],
      [pat, jo.body.id, 'legal guardian', '+442079460958'],
      [pat, noPhone.body.id, 'father', null],
    ]);
    const events = await t.relay.services.db.selectFrom('program_events').selectAll().where('entity', '=', 'guardian').orderBy('id').execute();
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({ entity_id: maria.body.id, type: 'linked', actor: ACTOR });
    expect(JSON.parse(events[0]!.detail!)).toEqual({
      protege: { id: pat, name: 'Pat Protege' },
      guardian: { id: maria.body.id, name: 'Maria Lopez', created: true },
      relationship: 'mother',
      phone: '+14155550132',
      email: 'maria@home.example',
    });
  });

  it('links the parent who has the address to a second child: one person, two links; twice is 409', async () => {
    t = await startTestRelay();
    const pat = await person(t, 'Pat Protege', 'protege', 'pat@school.example');
    const kim = await person(t, 'Kim Protege', 'protege', 'kim@school.example');

    const first = await addGuardian(t, pat, { name: 'Maria Lopez', email: 'maria@home.example', relationship: 'mother' });
    expect(first.status).toBe(201);
    const second = await addGuardian(t, kim, { name: 'Maria L.', email: 'MARIA@home.example', phone: '415 555 0199', relationship: 'mother' });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    // The same person, under the name the program has; the phone belongs to this link.
    expect(second.body).toEqual({ id: first.body.id, protegeId: kim, name: 'Maria Lopez', email: 'maria@home.example', phone: '+14155550199', relationship: 'mother' });
    expect((await t.api('GET', '/api/people')).body.items.filter((p: { role: string }) => p.role === 'parent')).toHaveLength(1);
    expect((await t.api('GET', `/api/people/${kim}/guardians`)).body.items).toEqual([second.body]);
    expect((await t.api('GET', `/api/people/${pat}/guardians`)).body.items).toEqual([first.body]);
    expect(JSON.parse((await t.relay.services.db.selectFrom('program_events').select('detail').where('entity', '=', 'guardian').orderBy('id', 'desc').executeTakeFirstOrThrow()).detail!)).toMatchObject({
      guardian: { id: first.body.id, created: false },
    });

    const again = await addGuardian(t, kim, { name: 'Maria Lopez', email: 'maria@home.example', relationship: 'mother' });
    expect(again.status).toBe(409);
    expect(again.body.error).toEqual({ code: 'already_guardian', message: `Maria Lopez (person ${first.body.id}) is already a guardian of Kim Protege` });
    // Without an address, the same name twice for one child is the same guardian typed twice.
    expect((await addGuardian(t, kim, { name: 'Sam Lopez', relationship: 'father' })).status).toBe(201);
    const sameName = await addGuardian(t, kim, { name: 'sam lopez', relationship: 'father' });
    expect(sameName.status).toBe(409);
    expect(sameName.body.error.code).toBe('already_guardian');

    // An address of someone who is not a parent: 409, and nothing is created.
    const mentor = await person(t, 'Morgan Mentor', 'mentor', 'morgan@corp.example');
    const taken = await addGuardian(t, pat, { name: 'Morgan', email: 'morgan@corp.example', relationship: 'uncle' });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toEqual({ code: 'conflict', message: `morgan@corp.example belongs to person ${mentor} (Morgan Mentor), who is a mentor, not a parent` });
    expect(await t.relay.services.db.selectFrom('guardians').select('person_id').execute()).toHaveLength(3);
    expect((await t.api('GET', '/api/people')).body.items).toHaveLength(5);
  });

  it('answers 404 for an unknown person, 422 naming id for one who is not a protégé, and names a bad field', async () => {
    t = await startTestRelay();
    const pat = await person(t, 'Pat Protege', 'protege', 'pat@school.example');
    const mentor = await person(t, 'Morgan Mentor', 'mentor', 'morgan@corp.example');

    expect((await addGuardian(t, 999, { name: 'X', relationship: 'mother' })).status).toBe(404);
    expect((await t.api('GET', '/api/people/999/guardians')).status).toBe(404);
    const notProtege = await addGuardian(t, mentor, { name: 'X', relationship: 'mother' });
    expect(notProtege.status).toBe(422);
    expect(notProtege.body.error).toEqual({ code: 'invalid_reference', field: 'id', message: `id: person ${mentor} (Morgan Mentor) is a mentor; only a protégé has guardians` });
    expect((await t.api('GET', `/api/people/${mentor}/guardians`)).status).toBe(422);

    const badPhone = await addGuardian(t, pat, { name: 'Maria', phone: '555-01', relationship: 'mother' });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error).toMatchObject({ code: 'invalid_request', field: 'phone' });
    expect(badPhone.body.error.message).toMatch(/^phone: not a valid phone number: "555-01"/);
    expect((await addGuardian(t, pat, { name: 'Maria', phone: 'call after 5', relationship: 'mother' })).body.error.field).toBe('phone');
    expect((await addGuardian(t, pat, { name: 'Maria', email: 'not-an-address', relationship: 'mother' })).body.error).toMatchObject({ field: 'email' });
    expect((await addGuardian(t, pat, { name: 'Maria', email: 'maria@relay.test', relationship: 'mother' })).body.error).toMatchObject({ field: 'email' });
    expect((await addGuardian(t, pat, { name: 'Maria', relationship: 'mother\u001b[2J' })).body.error).toMatchObject({ field: 'relationship' });
    expect((await addGuardian(t, pat, { name: '   ', relationship: 'mother' })).body.error).toMatchObject({ field: 'name' });
    expect((await addGuardian(t, pat, { name: 'Maria' })).body.error).toMatchObject({ code: 'invalid_request', field: 'relationship' });
    // Nothing refused was stored.
    expect(await t.relay.services.db.selectFrom('guardians').select('person_id').execute()).toEqual([]);
    expect((await t.api('GET', '/api/people')).body.items).toHaveLength(2);
  });

  it('lets a reviewer token read guardians but not add one, and documents the routes', async () => {
    t = await startTestRelay();
    const pat = await person(t, 'Pat Protege', 'protege', 'pat@school.example');
    const { token } = await t.relay.services.tokens.create('reviewer', null);
    expect((await t.api('POST', `/api/people/${pat}/guardians`, { name: 'Maria', relationship: 'mother' }, token)).status).toBe(403);
    expect((await t.api('GET', `/api/people/${pat}/guardians`, undefined, token)).status).toBe(200);
    expect((await t.api('GET', `/api/people/${pat}/guardians`, undefined, null)).status).toBe(401);

    const doc = (await t.api('GET', '/api/openapi.json')).body;
    expect(Object.keys(doc.paths['/api/people/{id}/guardians'])).toEqual(['get', 'post']);
    expect(doc.paths['/api/people/{id}/guardians'].post.tags).toEqual(['guardians']);
    expect(doc.paths['/api/people/{id}/guardians'].post.summary).toMatch(/^Link a guardian/);
  });

  it("shows a parent without an address on the coordinator's people pages", async () => {
    t = await startTestRelay();
    const col = { email: 'col@program.example', name: 'Col Coordinator', password: 'coordinator pass 1' };
    await t.relay.services.staff.create({ ...col, role: 'coordinator' });
    const pat = await person(t, 'Pat Protege', 'protege', 'pat@school.example');
    const jo = (await addGuardian(t, pat, { name: 'Jo <b>Lopez</b>', relationship: 'father' })).body;

    const web = await WebSession.logIn(`http://127.0.0.1:${t.relay.httpPort}`, col.email, col.password);
    const list = await web.get('/program/people');
    expect(list.status).toBe(200);
    expect(list.text).toMatch(/Jo &lt;b&gt;Lopez&lt;\/b&gt;<\/a><\/td>\s*<td data-label="Role">parent<\/td>\s*<td data-label="Organization"><span class="muted">none<\/span><\/td>\s*<td data-label="Onboarding"[^>]*><span class="muted">–<\/span><\/td>\s*<td data-label="Addresses" class="addresses"><span class="muted">none<\/span><\/td>/);
    const page = await web.get(`/program/people/${jo.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('No address: Jo &lt;b&gt;Lopez&lt;/b&gt; is reached by phone or letter.');
    expect(page.text).not.toContain('forwards here');
    expect(page.text).toContain('<label for="add-email">Address</label>');
  });
});
