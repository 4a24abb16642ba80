import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
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

async function relayWithSink() {
  sink = await startSink();
  t = await startTestRelay({ outbound: { url: `smtp://127.0.0.1:${sink.port}` } });
  return { t, sink };
}

describe('sending the responsibility sheet', () => {
  it('refuses with 409 when there is no organizer', async () => {
    const { t } = await relayWithSink();
    const res = await t.api('POST', '/api/responsibilities/send');
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/no organizer to send the sheet to/);
    expect((await t.api('GET', '/api/responsibilities/send')).body).toMatchObject({ lastSend: null, changedSince: false });
  });

  it('mails one message per organizer with the matrix, records the send, and tells when the matrix changed since', async () => {
    const { t, sink } = await relayWithSink();
    const school = (await t.api('POST', '/api/organizations', { name: 'Lincoln High', kind: 'school' })).body;
    const corp = (await t.api('POST', '/api/organizations', { name: 'Acme Corp', kind: 'company' })).body;
    const sue = (await t.api('POST', '/api/people', { name: 'Sue School', email: 'sue@school.example', role: 'staff', organizationId: school.id })).body;
    await t.api('POST', '/api/people', { name: 'Carl Corp', email: 'carl@corp.example', emails: ['carl.home@mail.example'], role: 'staff', organizationId: corp.id });
    // Not organizers: a mentor, a staff person of no organization, a reviewer account.
    await t.api('POST', '/api/people', { name: 'Morgan Mentor', email: 'morgan@corp.example', role: 'mentor', organizationId: corp.id });
    await t.api('POST', '/api/people', { name: 'Nobody Staff', email: 'nobody@free.example', role: 'staff' });
    await t.relay.services.staff.create({ email: 'rita@program.example', name: 'Rita Reviewer', role: 'reviewer', password: 'long enough password' });
    await t.relay.services.staff.create({ email: 'cora@program.example', name: 'Cora Coordinator', role: 'coordinator', password: 'long enough password' });
    // An account with the same address as a staff person: one mail, not two.
    await t.relay.services.staff.create({ email: 'SUE@school.example', name: 'Sue (account)', role: 'admin', password: 'long enough password' });

    const [recruiting] = (await t.api('GET', '/api/responsibilities')).body.items;
    expect((await t.api('PUT', `/api/responsibilities/${recruiting.id}`, { organizationId: school.id, personId: sue.id })).status).toBe(200);

    const sent = await t.api('POST', '/api/responsibilities/send');
    expect(sent.status).toBe(202);
    const expected = ['carl@corp.example', 'sue@school.example', 'cora@program.example'];
    expect(sent.body.recipients).toEqual(expected);
    expect(sent.body.organizers.map((r: { email: string }) => r.email)).toEqual(expected);

    const mails = await sink.waitFor(3);
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.received).toHaveLength(3);
    expect(mails.map((m) => m.to[0]).sort()).toEqual([...expected].sort());
    for (const m of mails) {
      expect(m.to).toHaveLength(1);
      const parsed = await simpleParser(m.raw);
      expect(parsed.subject).toBe('Test Program: responsibility sheet of 2026-11-25');
      expect(parsed.text).toContain('1. recruiting mentors\n   Lincoln High: Sue School <sue@school.example>');
      expect(parsed.text).toContain('11. performing background checks on potential mentors\n   UNASSIGNED');
      expect(parsed.html).toContain('<td class="task">recruiting mentors</td><td>Lincoln High</td><td>Sue School<br><span class="email">sue@school.example</span></td>');
      const csv = parsed.attachments.find((a) => a.filename === 'responsibilities-2026-11-25.csv');
      expect(csv?.content.toString('utf8')).toContain('1,recruiting mentors,Lincoln High,Sue School,sue@school.example');
    }

    const state = await eventually(async () => {
      const s = (await t.api('GET', '/api/responsibilities/send')).body;
      return s.lastSend?.delivered === 3 && s;
    });
    expect(state.lastSend).toMatchObject({ id: sent.body.id, actor: 'admin (RELAY_ADMIN_TOKEN)', sentAt: sent.body.sentAt, delivered: 3, failed: 0 });
    expect(state.lastSend.recipients.map((r: { email: string }) => r.email)).toEqual(expected);
    expect(state.changedSince).toBe(false);

    // A change after the send: the page and API say the matrix changed since.
    await t.api('PUT', `/api/responsibilities/${recruiting.id}`, { organizationId: corp.id, personId: null });
    expect((await t.api('GET', '/api/responsibilities/send')).body.changedSince).toBe(true);
  });

  it('mails the matrix as recorded with the send, even when it changes before the mail leaves', async () => {
    // A smarthost that is not there yet: the mails wait in the outbox while the matrix changes.
    sink = await startSink();
    const port = sink.port;
    await sink.close();
    t = await startTestRelay({ outbound: { url: `smtp://127.0.0.1:${port}`, retryBaseMs: 200, retryMaxMs: 300, maxAttempts: 50 } });
    const school = (await t.api('POST', '/api/organizations', { name: 'Lincoln High', kind: 'school' })).body;
    const sue = (await t.api('POST', '/api/people', { name: 'Sue School', email: 'sue@school.example', role: 'staff', organizationId: school.id })).body;
    const [recruiting] = (await t.api('GET', '/api/responsibilities')).body.items;
    await t.api('PUT', `/api/responsibilities/${recruiting.id}`, { organizationId: school.id, personId: sue.id });
    expect((await t.api('POST', '/api/responsibilities/send')).status).toBe(202);
    await t.api('PUT', `/api/responsibilities/${recruiting.id}`, { organizationId: null, personId: null });

    sink = await startSink([], port);
    const [mail] = await sink.waitFor(1, 20_000);
    expect((await simpleParser(mail!.raw)).text).toContain('1. recruiting mentors\n   Lincoln High: Sue School <sue@school.example>');
  });
});
