import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeDir, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { WebSession, flashOf } from '../helpers/web-session.js';

const ADA = { email: 'ada@program.example', name: 'Ada Admin', password: 'admin password 123' };
const COL = { email: 'col@program.example', name: 'Col Coordinator', password: 'coordinator pass 1' };
const REX = { email: 'rex@program.example', name: 'Rex Reviewer', password: 'reviewer pass 123' };

let t: TestRelay;
let base: string;

beforeEach(async () => {
  t = await startTestRelay();
  base = `http://127.0.0.1:${t.relay.httpPort}`;
  await t.relay.services.staff.create({ ...ADA, role: 'admin' });
  await t.relay.services.staff.create({ ...COL, role: 'coordinator' });
  await t.relay.services.staff.create({ ...REX, role: 'reviewer' });
});

afterEach(async () => {
  await t.stop();
  removeDir(t.dir);
});

const idFrom = (location: string) => Number(/(\d+)$/.exec(location)?.[1]);

describe('the coordinator pages over HTTP', () => {
  it('refuses a reviewer every program page and POST (403), and shows them no Program link', async () => {
    const rex = await WebSession.logIn(base, REX.email, REX.password);
    const queue = await rex.get('/review');
    expect(queue.status).toBe(200);
    expect(queue.text).not.toContain('href="/program"');
    for (const path of ['/program', '/program/organizations', '/program/people', '/program/people/1', '/program/pairs', '/program/pairs/1/close', '/program/staff']) {
      const res = await rex.get(path);
      expect(res.status, path).toBe(403);
      expect(res.text, path).toContain('Not allowed');
    }
    for (const path of ['/program/organizations', '/program/people', '/program/pairs', '/program/pairs/1/close', '/program/staff']) {
      expect((await rex.post(path, { name: 'X', kind: 'school' })).status, path).toBe(403);
    }
    expect((await t.api('GET', '/api/organizations')).body.items).toEqual([]);
  });

  it('lets a coordinator set up a program: an organization, a person with two addresses, a pair paused, resumed and closed', async () => {
    const col = await WebSession.logIn(base, COL.email, COL.password);
    expect((await col.get('/review')).text).toContain('href="/program"');
    // A new program: the seed's tasks wait for someone responsible, first thing on the overview.
    const fresh = (await col.get('/program')).text;
    expect(fresh).toContain('27 tasks with no one responsible');
    expect(fresh).toContain('and 22 more');
    expect(fresh).not.toContain('Nothing needs attention');

    const org = await col.submit('/program/organizations', { name: 'Lincoln High', kind: 'school' });
    expect(flashOf(org.text)).toEqual(['ok', 'Organization Lincoln High created.']);
    expect(org.text).toMatch(/<td class="title">Lincoln High<\/td>\s*<td data-label="Kind">school<\/td>\s*<td data-label="People"><a[^>]*>0<\/a>/);
    const [{ id: schoolId }] = (await t.api('GET', '/api/organizations')).body.items;
    const renamed = await col.submit(`/program/organizations/${schoolId}`, { name: 'Lincoln High School', kind: 'public school' });
    expect(flashOf(renamed.text)).toEqual(['ok', 'Organization Lincoln High School saved.']);
    expect((await t.api('GET', '/api/organizations')).body.items[0]).toMatchObject({ name: 'Lincoln High School', kind: 'public school' });

    const mentor = await col.submit('/program/people', { name: 'Morgan Mentor', role: 'mentor', organizationId: '', email: 'Morgan@Corp.example' });
    const mentorId = idFrom(mentor.location);
    expect(mentor.location).toBe(`/program/people/${mentorId}`);
    expect(flashOf(mentor.text)).toEqual(['ok', 'Morgan Mentor added.']);
    const second = await col.submit(`/program/people/${mentorId}/emails`, { email: 'morgan.m@home.example' });
    expect(flashOf(second.text)).toEqual(['ok', 'morgan.m@home.example added to Morgan Mentor.']);
    expect(second.text).toContain('morgan@corp.example');
    expect(second.text).toContain('morgan.m@home.example');
    expect((await t.api('GET', `/api/people/${mentorId}`)).body.emails).toEqual(['morgan@corp.example', 'morgan.m@home.example']);
    // A mentor with no organization and no pair is what the overview shows first.
    const overview = (await col.get('/program')).text;
    expect(overview).toMatch(/1 person without an organization[\s\S]*Morgan Mentor/);
    expect(overview).toMatch(/1 waiting for a pair[\s\S]*Morgan Mentor/);

    const protege = await col.submit('/program/people', { name: 'Pat Protege', role: 'protege', organizationId: String(schoolId), email: 'pat@school.example' });
    const protegeId = idFrom(protege.location);
    const people = (await col.get(`/program/people?organizationId=${schoolId}`)).text;
    expect(people).toContain('Pat Protege');
    expect(people).not.toContain('Morgan Mentor');
    expect((await col.get('/program/people?q=home.example')).text).toContain('Morgan Mentor');

    const pairs = await col.get('/program/pairs');
    expect(pairs.text).toMatch(/<optgroup label="Without an open pair"><option value="\d+">Morgan Mentor \(morgan@corp.example\)/);
    const created = await col.submit('/program/pairs', { mentorId: String(mentorId), protegeId: String(protegeId) });
    expect(flashOf(created.text)?.[1]).toMatch(/^Pair created: they write to [a-z0-9.-]+@relay\.test\.$/);
    const [pair] = (await t.api('GET', '/api/pairs')).body.items;
    expect(pair).toMatchObject({ mentorId, protegeId, status: 'active' });
    expect(created.text).toContain(pair.alias);

    const paused = await col.submit(`/program/pairs/${pair.id}/status`, { status: 'paused' });
    expect(flashOf(paused.text)).toEqual(['ok', `Pair ${pair.alias} paused.`]);
    expect((await t.api('GET', `/api/pairs/${pair.id}`)).body.status).toBe('paused');
    expect((await col.get('/program')).text).toMatch(/1 paused pair[\s\S]*Morgan Mentor ↔ Pat Protege/);
    await col.submit(`/program/pairs/${pair.id}/status`, { status: 'active' });
    expect((await t.api('GET', `/api/pairs/${pair.id}`)).body.status).toBe('active');

    const confirm = await col.get(`/program/pairs/${pair.id}/close`);
    expect(confirm.text).toContain('A closed pair never reopens');
    expect((await t.api('GET', `/api/pairs/${pair.id}`)).body.status).toBe('active');
    // Closing asks why, and whether to match them again; without an answer nothing closes.
    const unanswered = await col.submit(`/program/pairs/${pair.id}/close`, { rematch: 'no' });
    expect(flashOf(unanswered.text)).toEqual(['error', 'Reason: choose why the pair closes']);
    expect(unanswered.text).toContain('value="no" required checked');
    expect((await t.api('GET', `/api/pairs/${pair.id}`)).body.status).toBe('active');
    const closed = await col.submit(`/program/pairs/${pair.id}/close`, { reason: 'mentor-initiated', rematch: 'yes', note: 'Moved abroad' });
    expect(flashOf(closed.text)).toEqual(['ok', `Pair ${pair.alias} closed.`]);
    expect((await t.api('GET', `/api/pairs/${pair.id}`)).body).toMatchObject({ status: 'closed', closeReason: 'mentor-initiated', rematch: true, closeNote: 'Moved abroad' });
    expect(closed.text).toContain('closed for good');
    // A closed pair never reopens, even from a hand-made form.
    const reopen = await col.submit(`/program/pairs/${pair.id}/status`, { status: 'active' });
    expect(flashOf(reopen.text)?.[0]).toBe('error');
    expect((await t.api('GET', `/api/pairs/${pair.id}`)).body.status).toBe('closed');
  });

  it('turns a refused form into an error flash naming the field, and keeps what was typed', async () => {
    const col = await WebSession.logIn(base, COL.email, COL.password);
    const bad = await col.submit('/program/people', { name: 'Kim Keep', role: 'mentor', organizationId: '', email: 'not-an-address' });
    expect(bad.location).toBe('/program/people');
    expect(flashOf(bad.text)).toEqual(['error', 'Email: not an email address: &quot;not-an-address&quot;']);
    expect(bad.text).toContain('value="Kim Keep"');
    expect(bad.text).toContain('value="not-an-address"');
    const noKind = await col.submit('/program/organizations', { name: 'Acme', kind: '  ' });
    expect(flashOf(noKind.text)).toEqual(['error', 'Kind: must not be empty']);
    const unknownOrg = await col.submit('/program/people', { name: 'Kim', role: 'mentor', organizationId: '99', email: 'kim@corp.example' });
    expect(flashOf(unknownOrg.text)?.[0]).toBe('error');
    expect(flashOf(unknownOrg.text)?.[1]).toMatch(/^Organization: /);
    const noMentor = await col.submit('/program/pairs', { mentorId: '', protegeId: '' });
    expect(flashOf(noMentor.text)).toEqual(['error', 'Mentor: choose a mentor']);
    // A choice that is not one of the list is refused, never read as "none".
    const mangled = await col.submit('/program/people', { name: 'Kim', role: 'mentor', organizationId: '2abc', email: 'kim@corp.example' });
    expect(flashOf(mangled.text)).toEqual(['error', 'Organization: not one of the choices: &quot;2abc&quot;']);
    // A hand-made import form whose "file" is text, not a file: a flash, not a 500.
    const fake = await col.submit('/program/import', { kind: 'people', file: 'x' });
    expect(flashOf(fake.text)).toEqual(['error', 'Choose a CSV file, or paste its rows.']);
    expect((await t.api('GET', '/api/people')).body.items).toEqual([]);
  });

  it('removes an address that is not the person’s only one, and refuses to remove the last', async () => {
    const p = (await t.api('POST', '/api/people', { name: 'Two Ways', email: 'one@corp.example', emails: ['two@home.example'], role: 'mentor' })).body;
    const col = await WebSession.logIn(base, COL.email, COL.password);
    const removed = await col.submit(`/program/people/${p.id}/emails/remove`, { email: 'one@corp.example' });
    expect(flashOf(removed.text)).toEqual(['ok', 'one@corp.example removed from Two Ways.']);
    expect((await t.api('GET', `/api/people/${p.id}`)).body).toMatchObject({ email: 'two@home.example', emails: ['two@home.example'] });
    expect(removed.text).not.toContain('>Remove<');
    const refused = await col.submit(`/program/people/${p.id}/emails/remove`, { email: 'two@home.example' });
    expect(flashOf(refused.text)?.[0]).toBe('error');
    expect((await t.api('GET', `/api/people/${p.id}`)).body.emails).toEqual(['two@home.example']);
    // The API keeps step with the page.
    expect((await t.api('DELETE', `/api/people/${p.id}/emails/two@home.example`)).status).toBe(409);
  });

  it('shows a hostile name as text on every page that lists it', async () => {
    const name = '<img src=x onerror=alert(1)>';
    const col = await WebSession.logIn(base, COL.email, COL.password);
    await col.submit('/program/organizations', { name, kind: 'school' });
    const person = await col.submit('/program/people', { name, role: 'mentor', organizationId: '', email: 'x@corp.example' });
    await col.submit('/program/people', { name: 'Pat', role: 'protege', organizationId: '', email: 'pat@school.example' });
    for (const path of ['/program/organizations', '/program/people', person.location, '/program', '/program/pairs']) {
      const text = (await col.get(path)).text;
      expect(text, path).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(text, path).not.toContain('<img src=x');
    }
  });

  it('lets only an admin create accounts, change a role or disable one; never their own, never the last admin', async () => {
    const col = await WebSession.logIn(base, COL.email, COL.password);
    const list = await col.get('/program/staff');
    expect(list.text).toContain(REX.email);
    expect(list.text).not.toContain('New staff account');
    const newAccount = { name: 'Nia New', email: 'nia@program.example', role: 'reviewer', password: 'a long password' };
    const refused = await col.post('/program/staff', newAccount);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Only an admin');
    const rexId = (await t.relay.services.staff.listAccounts()).find((a) => a.email === REX.email)!.id;
    expect((await col.post(`/program/staff/${rexId}/disable`)).status).toBe(403);
    expect((await col.post(`/program/staff/${rexId}/role`, { role: 'admin' })).status).toBe(403);

    const ada = await WebSession.logIn(base, ADA.email, ADA.password);
    const created = await ada.submit('/program/staff', newAccount);
    expect(flashOf(created.text)).toEqual(['ok', 'Account created for Nia New (reviewer).']);
    await WebSession.logIn(base, newAccount.email, newAccount.password);
    const short = await ada.submit('/program/staff', { ...newAccount, email: 'short@program.example', password: 'short' });
    expect(flashOf(short.text)).toEqual(['error', 'Password: must be at least 10 characters']);
    expect(short.text).toContain('value="short@program.example"');
    expect(short.text).not.toContain('value="short"');

    const promoted = await ada.submit(`/program/staff/${rexId}/role`, { role: 'coordinator' });
    expect(flashOf(promoted.text)).toEqual(['ok', 'Rex Reviewer is now a coordinator.']);
    const disabled = await ada.submit(`/program/staff/${rexId}/disable`);
    expect(flashOf(disabled.text)?.[0]).toBe('ok');
    await expect(WebSession.logIn(base, REX.email, REX.password)).rejects.toThrow(/login failed: 401/);

    const adaId = (await t.relay.services.staff.listAccounts()).find((a) => a.email === ADA.email)!.id;
    const self = await ada.submit(`/program/staff/${adaId}/disable`);
    expect(flashOf(self.text)).toEqual(['error', 'Account: you cannot disable your own account']);
    // Ada is the only admin: another admin cannot take her role away either.
    await t.relay.services.staff.create({ email: 'bo@program.example', name: 'Bo Backup', role: 'admin', password: 'backup admin pass' });
    const bo = await WebSession.logIn(base, 'bo@program.example', 'backup admin pass');
    const boId = (await t.relay.services.staff.listAccounts()).find((a) => a.name === 'Bo Backup')!.id;
    const demoted = await bo.submit(`/program/staff/${adaId}/role`, { role: 'reviewer' });
    expect(flashOf(demoted.text)).toEqual(['ok', 'Ada Admin is now a reviewer.']);
    expect((await ada.get('/program/staff')).status).toBe(403);
    // Bo is now the last admin: neither a role change nor disabling can take that away.
    const lastAdmin = await t.relay.services.staff.setRole(boId, 'reviewer', adaId).catch((e: Error) => e.message);
    expect(lastAdmin).toBe('Bo Backup is the last admin; make another account admin first');
    await expect(t.relay.services.staff.disable(boId, adaId)).rejects.toThrow('Bo Backup is the last admin');
  });

  it('renames an organization through the API as on the page', async () => {
    const org = (await t.api('POST', '/api/organizations', { name: 'Acme', kind: 'company' })).body;
    const res = await t.api('PATCH', `/api/organizations/${org.id}`, { name: 'Acme Corp' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: org.id, name: 'Acme Corp', kind: 'company' });
    expect((await t.api('PATCH', '/api/organizations/99', { name: 'X' })).status).toBe(404);
    const person = (await t.api('POST', '/api/people', { name: 'Kim', email: 'kim@corp.example', role: 'staff' })).body;
    expect((await t.api('PATCH', `/api/people/${person.id}`, { organizationId: 99 })).body.error).toMatchObject({ code: 'invalid_reference', field: 'organizationId' });
    expect((await t.api('PATCH', `/api/people/${person.id}`, { organizationId: org.id })).body.organizationId).toBe(org.id);
  });
});
