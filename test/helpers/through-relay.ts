import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectFaithfulCopy } from './forward-checks.js';
import { MENTOR, PROTEGE, removeDir, setupPair, startTestRelay, type TestRelay } from './relay.js';
import { startSink, type Sink } from './sink.js';
import { SmtpClient } from './smtp-client.js';

/**
 * The message as a participant's client would send it: CRLF line endings (what SMTP carries) and the
 * From header set to the mentor; one without From is identified by the envelope. SMTP ends the last
 * line of every message with CRLF, so one is added where the file has none.
 */
export function asMentor(raw: Buffer): Buffer {
  const text = raw.toString('latin1').replace(/\r?\n/g, '\r\n').replace(/(?<!\r\n)$/, '\r\n');
  const end = text.search(/\r\n\r\n/);
  const header = end < 0 ? text : text.slice(0, end + 2);
  const replaced = header.replace(/^From:.*\r\n([ \t].*\r\n)*/im, `From: ${MENTOR.name} <${MENTOR.email}>\r\n`);
  return Buffer.from(replaced + text.slice(header.length), 'latin1');
}

/**
 * One test per message: sent by the mentor over SMTP, archived byte-exact, approved once screening has
 * read it, and received at a real sink as a faithful copy with no trace of the mentor's address.
 */
export function throughRelay(messages: { file: string; raw: Buffer }[]): void {
  let t: TestRelay;
  let sink: Sink;
  let alias: string;

  beforeAll(async () => {
    sink = await startSink();
    t = await startTestRelay({ outbound: { url: `smtp://127.0.0.1:${sink.port}` } });
    ({ pair: { alias } } = await setupPair(t));
  });

  afterAll(async () => {
    await t.stop();
    await sink.close();
    removeDir(t.dir);
  });

  it.each(messages)('$file: accepted, archived byte-exact, forwarded faithfully', async ({ file, raw: original }) => {
    const raw = asMentor(original);
    const client = await SmtpClient.connect(t.smtpPort);
    await client.command('EHLO client.test');
    const reply = await client.send(MENTOR.email, [alias], raw);
    await client.quit();
    const id = Number(/^250 2\.0\.0 Held for review as message (\d+)$/.exec(reply)?.[1]);
    expect(id, reply).toBeGreaterThan(0);

    const archived = await fetch(`http://127.0.0.1:${t.relay.httpPort}/api/messages/${id}/raw`, { headers: { authorization: `Bearer ${t.relay.config.adminToken}` } });
    expect(Buffer.from(await archived.arrayBuffer()).equals(raw)).toBe(true);

    const before = sink.received.length;
    await eventuallyScreened(t, id);
    expect((await t.api('POST', `/api/messages/${id}/approve`)).status).toBe(200);
    const received = await sink.waitFor(before + 1, 30_000);
    const out = received[before]!;
    expect(out.to).toEqual([PROTEGE.email]);
    expect(out.raw.toString('latin1').toLowerCase()).not.toContain(MENTOR.email);
    await expectFaithfulCopy(raw, out.raw, file);
  });
}

async function eventuallyScreened(t: TestRelay, id: number): Promise<void> {
  const end = Date.now() + 30_000;
  while ((await t.api('GET', `/api/messages/${id}`)).body.screenedAt === null) {
    if (Date.now() > end) throw new Error(`message ${id} was not screened in time`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
