import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { DOMAIN, MENTOR, PROTEGE, eventually, removeDir, screened, setupPair, startTestRelay, type TestRelay } from '../helpers/relay.js';
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

async function relayWithSink(plan: Parameters<typeof startSink>[0] = [], notifySender = true) {
  sink = await startSink(plan);
  t = await startTestRelay({ outbound: { url: `smtp://127.0.0.1:${sink.port}` }, review: { notifySender } });
  const setup = await setupPair(t);
  return { ...setup, t, sink };
}

/** The held messages, once screening has read them (a message is approved only after that). */
const heldIds = async (t: TestRelay) => {
  const ids = (await t.api('GET', '/api/messages?status=held')).body.items.map((m: { id: number }) => m.id) as number[];
  for (const id of ids) await screened(t, id);
  return ids;
};

const headerBlock = (raw: Buffer) => raw.toString('latin1').split(/\r?\n\r?\n/)[0]!;

const status = async (t: TestRelay, id: number) => (await t.api('GET', `/api/messages/${id}`)).body.status as string;

describe('forwarding', () => {
  it('delivers a mentor message only after approval, from the alias, masked; the reply threads to the mentor’s own Message-ID', async () => {
    const { t, sink, pair } = await relayWithSink();
    const original = message({
      from: `"Morgan (morgan@corp.example)" <${MENTOR.email}>`,
      subject: 'Welcome to the program',
      messageId: 'first.1@corp.example',
      extra: [
        `Reply-To: ${MENTOR.email}`,
        `Sender: ${MENTOR.email}`,
        `Return-Path: <${MENTOR.email}>`,
        `Received: from laptop (morgan-laptop.corp.example [10.0.0.7]) by corp.example; Mon, 23 Nov 2026 10:00:00 +0000`,
        `X-Originating-Email: ${MENTOR.email}`,
        `DKIM-Signature: v=1; a=rsa-sha256; d=corp.example; i=${MENTOR.email}; b=abc`,
        `Disposition-Notification-To: ${MENTOR.email}`,
      ],
      body: 'Hi Pat, looking forward to our chats!',
    });
    expect(await sendOnce(t.smtpPort, MENTOR.email, [pair.alias], original)).toMatch(/^250 /);
    const [id] = await heldIds(t);
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.received).toHaveLength(0);

    expect((await t.api('POST', `/api/messages/${id}/approve`, {})).status).toBe(200);
    const [out] = await sink.waitFor(1);
    expect(out!.to).toEqual([PROTEGE.email]);
    expect(out!.from).toMatch(new RegExp(`@${DOMAIN.replace('.', '\\.')}$`));
    const header = headerBlock(out!.raw);
    expect(header.toLowerCase()).not.toContain('morgan@corp.example');
    expect(header.toLowerCase()).not.toContain('corp.example');
    const parsed = await simpleParser(out!.raw);
    expect(parsed.from!.value).toEqual([{ name: `${MENTOR.name} via Test Program`, address: pair.alias }]);
    expect(parsed.to).toMatchObject({ value: [{ address: PROTEGE.email }] });
    expect(parsed.subject).toBe('Welcome to the program');
    expect(parsed.text?.trim()).toBe('Hi Pat, looking forward to our chats!');
    expect(parsed.messageId).toMatch(new RegExp(`@${DOMAIN.replace('.', '\\.')}>$`));
    expect(parsed.replyTo).toBeUndefined();
    expect(await status(t, id!)).toBe('delivered');

    // Pat's client replies to the Message-ID it saw.
    const reply = message({ from: `Pat <${PROTEGE.email}>`, subject: 'Re: Welcome to the program', messageId: 'reply.2@school.example', inReplyTo: parsed.messageId!.slice(1, -1), references: parsed.messageId! });
    expect(await sendOnce(t.smtpPort, PROTEGE.email, [pair.alias], reply)).toMatch(/^250 /);
    const [replyId] = await heldIds(t);
    await t.api('POST', `/api/messages/${replyId}/approve`);
    const [, back] = await sink.waitFor(2);
    expect(back!.to).toEqual([MENTOR.email]);
    const threaded = await simpleParser(back!.raw);
    expect(threaded.inReplyTo).toBe('<first.1@corp.example>');
    expect(threaded.references).toBe('<first.1@corp.example>');
    expect(headerBlock(back!.raw).toLowerCase()).not.toContain('school.example>');
    expect(threaded.from!.value[0]).toEqual({ name: `${PROTEGE.name} via Test Program`, address: pair.alias });

    // Morgan answers Pat's reply, referring to the whole thread as Morgan's client knows it.
    const third = message({ from: MENTOR.email, subject: 'Re: Re: Welcome', messageId: 'third.3@corp.example', inReplyTo: threaded.messageId!.slice(1, -1), references: `<first.1@corp.example> ${threaded.messageId} <unknown.9@elsewhere.example>` });
    await sendOnce(t.smtpPort, MENTOR.email, [pair.alias], third);
    await t.api('POST', `/api/messages/${(await heldIds(t))[0]}/approve`);
    const [, , last] = await sink.waitFor(3);
    const lastParsed = await simpleParser(last!.raw);
    expect(lastParsed.inReplyTo).toBe('<reply.2@school.example>');
    // Pat's client knows the first message by the relay's ID, and its own reply by its own ID; the unknown ID is dropped.
    expect(lastParsed.references).toEqual([parsed.messageId, '<reply.2@school.example>']);
  });

  it('never delivers a rejected message, tells its sender why, and a second decision is a 409 naming who decided', async () => {
    const { t, sink, pair } = await relayWithSink();
    // A subject screening has nothing to say about: this is about the decision, not the flags.
    await sendOnce(t.smtpPort, MENTOR.email, [pair.alias], message({ from: MENTOR.email, subject: 'Thursday' }));
    const [id] = await heldIds(t);
    expect((await t.api('POST', `/api/messages/${id}/reject`, {})).body.error.message).toMatch(/reason/);
    const rejected = await t.api('POST', `/api/messages/${id}/reject`, { reason: 'Shares a phone number' });
    expect(rejected.body).toMatchObject({ id, status: 'rejected' });
    const again = await t.api('POST', `/api/messages/${id}/approve`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already decided by admin/);
    const [notice] = await sink.waitFor(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.received).toHaveLength(1);
    expect(notice!.to).toEqual([MENTOR.email]);
    expect(notice!.from).toBe('');
    const parsed = await simpleParser(notice!.raw);
    expect(parsed.subject).toBe('Not delivered: Thursday');
    expect(parsed.text).toContain('> Shares a phone number');
    expect(parsed.text).toContain(PROTEGE.name);
    expect(notice!.raw.toString()).not.toContain(PROTEGE.email);
    expect(parsed.headers.get('auto-submitted')).toBe('auto-replied');
    const detail = (await t.api('GET', `/api/messages/${id}`)).body;
    expect(detail).toMatchObject({ status: 'rejected', reason: 'Shares a phone number' });
    expect(detail.events.map((e: { type: string }) => e.type)).toEqual(['received', 'rejected', 'notified']);
  });

  it('tells nobody of a rejection when the program turned sender notices off', async () => {
    const { t, sink, pair } = await relayWithSink([], false);
    await sendOnce(t.smtpPort, MENTOR.email, [pair.alias], message({ from: MENTOR.email }));
    const [id] = await heldIds(t);
    await t.api('POST', `/api/messages/${id}/reject`, { reason: 'Off topic' });
    await new Promise((r) => setTimeout(r, 400));
    expect(sink.attempts).toBe(0);
    expect((await t.api('GET', `/api/messages/${id}`)).body.events.map((e: { type: string }) => e.type)).toEqual(['received', 'rejected']);
  });

  it('forwards the edited text of an approve-with-edits, and keeps the original in the archive', async () => {
    const { t, sink, pair } = await relayWithSink();
    const original = message({ from: MENTOR.email, subject: 'Numbers', messageId: 'orig.7@corp.example', body: 'Call me on 555-0100 tonight.' });
    await sendOnce(t.smtpPort, MENTOR.email, [pair.alias], original);
    const [id] = await heldIds(t);
    // Screening flags the number the reviewer then removes.
    const flagged = await eventually(async () => (await t.api('GET', `/api/messages/${id}`)).body.flags.find((f: { type: string }) => f.type === 'phone'));
    expect(flagged.excerpt).toContain('555-0100');
    const res = await t.api('POST', `/api/messages/${id}/approve`, { text: 'Call me on [removed] tonight.', note: 'phone number removed' });
    expect(res.status).toBe(200);
    const [out] = await sink.waitFor(1);
    const parsed = await simpleParser(out!.raw);
    expect(parsed.text?.trim()).toBe('Call me on [removed] tonight.');
    expect(parsed.subject).toBe('Numbers');
    expect(out!.raw.toString()).not.toContain('555-0100');
    const raw = await t.api('GET', `/api/messages/${id}/raw`);
    expect(Buffer.from(raw.body as string)).toEqual(original);
    const events = (await t.api('GET', `/api/messages/${id}`)).body.events.map((e: { type: string }) => e.type);
    expect(events).toEqual(['received', 'flagged', 'edited', 'approved', 'queued', 'delivered']);
  });

  it('retries when the smarthost drops the connection after DATA, and delivers once', async () => {
    const { t, sink, pair } = await relayWithSink(['drop']);
    await sendOnce(t.smtpPort, MENTOR.email, [pair.alias], message({ from: MENTOR.email, subject: 'Retry me' }));
    const [id] = await heldIds(t);
    await t.api('POST', `/api/messages/${id}/approve`);
    await eventually(async () => (await status(t, id!)) === 'delivered');
    expect(sink.attempts).toBe(2);
    expect(sink.received).toHaveLength(1);
    const events = (await t.api('GET', `/api/messages/${id}`)).body.events.map((e: { type: string }) => e.type);
    expect(events).toEqual(['received', 'approved', 'queued', 'attempt', 'delivered']);
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.received).toHaveLength(1);
  });

  it('retries a 4xx reply and marks a 5xx reply failed with the reply text', async () => {
    const { t, sink, pair } = await relayWithSink(['451', '550']);
    await sendOnce(t.smtpPort, MENTOR.email, [pair.alias], message({ from: MENTOR.email }));
    const [id] = await heldIds(t);
    await t.api('POST', `/api/messages/${id}/approve`);
    await eventually(async () => (await status(t, id!)) === 'failed');
    const detail = (await t.api('GET', `/api/messages/${id}`)).body;
    expect(detail.lastError).toMatch(/^550 5\.1\.1 no such user here/);
    expect(detail.events.map((e: { type: string }) => e.type)).toEqual(['received', 'approved', 'queued', 'attempt', 'failed']);
    expect(sink.attempts).toBe(2);
    expect(sink.received).toHaveLength(0);
  });

  it('keeps the outbox across a restart and delivers when the smarthost comes back', async () => {
    sink = await startSink();
    const port = sink.port;
    await sink.close();
    t = await startTestRelay({ outbound: { url: `smtp://127.0.0.1:${port}`, retryBaseMs: 100, retryMaxMs: 100 } });
    const { pair } = await setupPair(t);
    await sendOnce(t.smtpPort, MENTOR.email, [pair.alias], message({ from: MENTOR.email }));
    const [id] = await heldIds(t);
    await t.api('POST', `/api/messages/${id}/approve`);
    await eventually(async () => ((await t!.api('GET', `/api/messages/${id}`)).body.lastError ?? '').includes('ECONNREFUSED'));
    const dir = t.dir;
    await t.stop();

    sink = await startSink([], port);
    t = await startTestRelay({ outbound: { url: `smtp://127.0.0.1:${port}`, retryBaseMs: 100, retryMaxMs: 100 } }, dir);
    await eventually(async () => (await status(t!, id!)) === 'delivered');
    expect(sink.received).toHaveLength(1);

    // A restart after delivery sends nothing again.
    await t.stop();
    t = await startTestRelay({ outbound: { url: `smtp://127.0.0.1:${port}` } }, dir);
    await new Promise((r) => setTimeout(r, 400));
    expect(sink.attempts).toBe(1);
  });
});
