import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MENTOR, PROTEGE, removeDir, screened, setupPair, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { startSink, type Sink } from '../helpers/sink.js';
import { SmtpClient } from '../helpers/smtp-client.js';

const corpusDir = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
const files = readdirSync(corpusDir).filter((f) => f.endsWith('.eml')).sort();

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

/**
 * The fixture as a participant's client would send it: CRLF line endings (what SMTP carries) and
 * the From header set to the mentor; a fixture without From is identified by the envelope. SMTP
 * ends the last line of every message with CRLF, so one is added where the file has none.
 */
function asMentor(file: string): Buffer {
  const text = readFileSync(path.join(corpusDir, file)).toString('latin1').replace(/\r?\n/g, '\r\n').replace(/(?<!\r\n)$/, '\r\n');
  const end = text.search(/\r\n\r\n/);
  const header = end < 0 ? text : text.slice(0, end + 2);
  const replaced = header.replace(/^From:.*\r\n([ \t].*\r\n)*/im, `From: ${MENTOR.name} <${MENTOR.email}>\r\n`);
  return Buffer.from(replaced + text.slice(header.length), 'latin1');
}

/** Every leaf part, decoded: what a reader's mail client shows and saves. */
function leaves(mail: ParsedMail) {
  return {
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, checksum: a.checksum, size: a.size })),
  };
}

describe('the public corpus through a pair', () => {
  it.each(files)('%s: accepted, archived byte-exact, forwarded with every part decoded-identical', async (file) => {
    const raw = asMentor(file);
    const client = await SmtpClient.connect(t.smtpPort);
    await client.command('EHLO client.test');
    const reply = await client.send(MENTOR.email, [alias], raw);
    await client.quit();
    const id = Number(/^250 2\.0\.0 Held for review as message (\d+)$/.exec(reply)?.[1]);
    expect(id, reply).toBeGreaterThan(0);

    const archived = await fetch(`http://127.0.0.1:${t.relay.httpPort}/api/messages/${id}/raw`, { headers: { authorization: `Bearer ${t.relay.config.adminToken}` } });
    expect(Buffer.from(await archived.arrayBuffer()).equals(raw)).toBe(true);

    const before = sink.received.length;
    await screened(t, id);
    expect((await t.api('POST', `/api/messages/${id}/approve`)).status).toBe(200);
    const received = await sink.waitFor(before + 1, 30_000);
    const out = received[before]!;
    expect(out.to).toEqual([PROTEGE.email]);
    const header = out.raw.toString('latin1').split('\r\n\r\n')[0]!.toLowerCase();
    expect(header).not.toContain(MENTOR.email);

    const [sent, forwarded] = await Promise.all([simpleParser(raw), simpleParser(out.raw)]);
    expect(leaves(forwarded)).toEqual(leaves(sent));
  });
});
