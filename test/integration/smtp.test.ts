import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SmtpClient, message, sendOnce } from '../helpers/smtp-client.js';
import { DOMAIN, MENTOR, PROTEGE, removeDir, setupPair, startTestRelay, type TestRelay } from '../helpers/relay.js';

let t: TestRelay;
let alias: string;

const count = (table: 'messages' | 'message_archive' | 'message_events') =>
  t.relay.services.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow().then((r) => Number(r.n));

beforeEach(async () => {
  t = await startTestRelay({ smtp: { maxMessageBytes: 64 * 1024 } });
  ({ pair: { alias } } = await setupPair(t));
});

afterEach(async () => {
  await t.stop();
  removeDir(t.dir);
});

describe('RCPT TO', () => {
  it('refuses another domain with 550 5.7.1: never an open relay', async () => {
    const reply = await sendOnce(t.smtpPort, MENTOR.email, ['friend@elsewhere.example'], message({ from: MENTOR.email }));
    expect(reply).toBe('550 5.7.1 Relaying denied: this server only accepts mail for its own aliases, not for elsewhere.example');
  });

  it('refuses an unknown alias with 550 5.1.1', async () => {
    const reply = await sendOnce(t.smtpPort, MENTOR.email, [`pair-nosuchalias@${DOMAIN}`], message({ from: MENTOR.email }));
    expect(reply).toBe(`550 5.1.1 No such alias here: pair-nosuchalias@${DOMAIN}`);
  });

  it('refuses a paused or closed pair with 550 5.2.1', async () => {
    const pairs = (await t.api('GET', '/api/pairs')).body.items;
    await t.api('PATCH', `/api/pairs/${pairs[0].id}`, { status: 'paused' });
    expect(await sendOnce(t.smtpPort, MENTOR.email, [alias], message({ from: MENTOR.email }))).toBe(
      `550 5.2.1 The mentoring pair behind ${alias} is paused and does not accept messages`,
    );
    await t.api('PATCH', `/api/pairs/${pairs[0].id}`, { status: 'closed' });
    expect(await sendOnce(t.smtpPort, MENTOR.email, [alias], message({ from: MENTOR.email }))).toBe(
      `550 5.2.1 The mentoring pair behind ${alias} is closed and no longer accepts messages`,
    );
    expect(await count('messages')).toBe(0);
  });

  it('answers 452 4.5.3 past 20 recipients in one transaction', async () => {
    const mentor = (await t.api('GET', '/api/people')).body.items.find((p: { role: string }) => p.role === 'mentor');
    const aliases = [alias];
    for (let i = 1; i <= 20; i++) {
      const protege = (await t.api('POST', '/api/people', { name: `P${i}`, email: `p${i}@school.example`, role: 'protege' })).body;
      aliases.push((await t.api('POST', '/api/pairs', { mentorId: mentor.id, protegeId: protege.id })).body.alias);
    }
    const client = await SmtpClient.connect(t.smtpPort);
    await client.command('EHLO client.test');
    await client.command(`MAIL FROM:<${MENTOR.email}>`);
    for (const a of aliases.slice(0, 20)) expect(await client.command(`RCPT TO:<${a}>`)).toBe('250 Accepted');
    expect(await client.command(`RCPT TO:<${aliases[20]}>`)).toBe('452 4.5.3 Too many recipients: at most 20 per message');
    await client.quit();
  });

  it('matches aliases case-insensitively', async () => {
    const reply = await sendOnce(t.smtpPort, MENTOR.email, [alias.toUpperCase()], message({ from: MENTOR.email }));
    expect(reply).toMatch(/^250 2\.0\.0 Held for review as message \d+$/);
  });
});

describe('DATA', () => {
  it('archives byte-exact and holds before answering 250 with the message id', async () => {
    const raw = message({ from: `Morgan <${MENTOR.email}>`, subject: 'First hello', messageId: 'abc@corp.example' });
    const reply = await sendOnce(t.smtpPort, MENTOR.email, [alias], raw);
    const id = Number(/^250 2\.0\.0 Held for review as message (\d+)$/.exec(reply)![1]);

    const detail = (await t.api('GET', `/api/messages/${id}`)).body;
    expect(detail).toMatchObject({ status: 'held', direction: 'mentor_to_protege', subject: 'First hello', messageId: 'abc@corp.example' });
    expect(detail.sender).toMatchObject({ name: MENTOR.name, address: MENTOR.email });
    expect(detail.recipient).toMatchObject({ name: PROTEGE.name, address: PROTEGE.email });
    expect(detail.events.map((e: { type: string }) => e.type)).toEqual(['received']);
    expect(detail.sha256).toBe(createHash('sha256').update(raw).digest('hex'));
    const stored = await t.api('GET', `/api/messages/${id}/raw`);
    expect(stored.headers.get('content-type')).toBe('message/rfc822');
    expect(Buffer.from(stored.body as string)).toEqual(raw);
  });

  it('answers 552 5.3.4 to a message over the size limit and keeps nothing', async () => {
    const big = message({ from: MENTOR.email, body: 'x'.repeat(70 * 1024) });
    const reply = await sendOnce(t.smtpPort, MENTOR.email, [alias], big);
    expect(reply).toBe('552 5.3.4 Message too large: this relay accepts messages of at most 65536 bytes');
    expect(await count('message_archive')).toBe(0);
  });

  it('keeps the session usable after a refused message', async () => {
    const client = await SmtpClient.connect(t.smtpPort);
    await client.command('EHLO client.test');
    expect(await client.send(MENTOR.email, [alias], message({ from: MENTOR.email, body: 'y'.repeat(70 * 1024) }))).toMatch(/^552 /);
    expect(await client.send(MENTOR.email, [alias], message({ from: MENTOR.email }))).toMatch(/^250 /);
    await client.quit();
  });

  it('refuses a sender who is not a participant with 550 5.7.1 at the end of DATA', async () => {
    const reply = await sendOnce(t.smtpPort, 'eve@evil.example', [alias], message({ from: 'Eve <eve@evil.example>' }));
    expect(reply).toBe(
      `550 5.7.1 eve@evil.example is not a participant of ${alias}: only the mentor and the protege of a pair can write to its address`,
    );
    expect(await count('message_archive')).toBe(0);
  });

  it('identifies the sender by the header From, not the envelope', async () => {
    // A participant's envelope does not make an outsider's From acceptable...
    expect(await sendOnce(t.smtpPort, MENTOR.email, [alias], message({ from: 'eve@evil.example' }))).toMatch(/^550 5\.7\.1 eve@evil\.example /);
    // ...and a forwarding service's envelope does not hide a participant's From.
    expect(await sendOnce(t.smtpPort, 'bounces@mailer.example', [alias], message({ from: `Pat <${PROTEGE.email.toUpperCase()}>` }))).toMatch(/^250 /);
    const items = (await t.api('GET', '/api/messages')).body.items;
    expect(items.map((m: { direction: string }) => m.direction)).toEqual(['protege_to_mentor']);
  });

  it('falls back to the envelope sender when there is no From header', async () => {
    expect(await sendOnce(t.smtpPort, PROTEGE.email, [alias], message({}))).toMatch(/^250 /);
    expect(await sendOnce(t.smtpPort, 'eve@evil.example', [alias], message({}))).toMatch(/^550 5\.7\.1 eve@evil\.example /);
  });

  it("accepts a participant's second address", async () => {
    const people = (await t.api('GET', '/api/people')).body.items;
    const mentor = people.find((p: { role: string }) => p.role === 'mentor');
    expect((await t.api('POST', `/api/people/${mentor.id}/emails`, { email: 'morgan.private@home.example' })).status).toBe(200);
    expect(await sendOnce(t.smtpPort, 'morgan.private@home.example', [alias], message({ from: 'morgan.private@home.example' }))).toMatch(/^250 /);
  });

  it('holds a message to several aliases once for each pair, and an alias named twice once', async () => {
    const other = (await t.api('POST', '/api/people', { name: 'Quinn', email: 'quinn@school.example', role: 'protege' })).body;
    const mentor = (await t.api('GET', '/api/people')).body.items.find((p: { role: string }) => p.role === 'mentor');
    const second = (await t.api('POST', '/api/pairs', { mentorId: mentor.id, protegeId: other.id })).body;
    const reply = await sendOnce(t.smtpPort, MENTOR.email, [alias, second.alias, alias.toUpperCase()], message({ from: MENTOR.email }));
    expect(reply).toMatch(/^250 2\.0\.0 Held for review as messages \d+, \d+$/);
    const items = (await t.api('GET', '/api/messages?status=held')).body.items;
    expect(items.map((m: { alias: string }) => m.alias).sort()).toEqual([alias, second.alias].sort());
    expect(await count('message_archive')).toBe(1);
  });

  it('refuses the whole message when the sender belongs to only one of the pairs addressed', async () => {
    const mentor2 = (await t.api('POST', '/api/people', { name: 'Sam', email: 'sam@corp.example', role: 'mentor' })).body;
    const protege2 = (await t.api('POST', '/api/people', { name: 'Quinn', email: 'quinn@school.example', role: 'protege' })).body;
    const second = (await t.api('POST', '/api/pairs', { mentorId: mentor2.id, protegeId: protege2.id })).body;
    const reply = await sendOnce(t.smtpPort, MENTOR.email, [alias, second.alias], message({ from: MENTOR.email }));
    expect(reply).toMatch(new RegExp(`^550 5\\.7\\.1 ${MENTOR.email} is not a participant of ${second.alias}:`));
    expect(await count('messages')).toBe(0);
  });

  it('answers 451 4.3.0 when storage fails, and leaves nothing half-written', async () => {
    // A real storage failure inside the transaction, after the archive row was written.
    const { sql } = await import('kysely');
    await sql`create trigger fail_events before insert on message_events begin select raise(abort, 'disk on fire'); end`.execute(t.relay.services.db);
    const reply = await sendOnce(t.smtpPort, MENTOR.email, [alias], message({ from: MENTOR.email }));
    expect(reply).toBe('451 4.3.0 Temporary problem storing the message; please try again later');
    expect(await count('message_archive')).toBe(0);
    expect(await count('messages')).toBe(0);
    await sql`drop trigger fail_events`.execute(t.relay.services.db);
    expect(await sendOnce(t.smtpPort, MENTOR.email, [alias], message({ from: MENTOR.email }))).toMatch(/^250 /);
  });
});
