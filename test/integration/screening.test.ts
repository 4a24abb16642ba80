import { readFileSync, readdirSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeepPartial } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { MENTOR, PROTEGE, eventually, removeDir, setupPair, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { startSink, type Sink } from '../helpers/sink.js';
import { SmtpClient, message, sendOnce } from '../helpers/smtp-client.js';

const SAFEGUARDING = 'lead@program.example';

let t: TestRelay | null = null;
let sink: Sink | null = null;

afterEach(async () => {
  await t?.stop();
  await sink?.close();
  if (t) removeDir(t.dir);
  t = sink = null;
});

async function relay(overrides: DeepPartial<Config> = {}) {
  sink = await startSink();
  t = await startTestRelay({
    ...overrides,
    outbound: { url: `smtp://127.0.0.1:${sink.port}`, ...overrides.outbound },
    screening: { safeguardingContacts: [SAFEGUARDING], ...overrides.screening },
    review: { publicUrl: 'https://relay.program.example', ...overrides.review },
  });
  const setup = await setupPair(t);
  return { t, sink, ...setup };
}

const detail = async (t: TestRelay, id: number) => (await t.api('GET', `/api/messages/${id}`)).body;
const screened = (t: TestRelay, id: number) => eventually(async () => (await t.relay.services.db.selectFrom('messages').select('screened_at').where('id', '=', id).executeTakeFirst())?.screened_at);

describe('screening', () => {
  it('flags what a reviewer must not miss, with spans, and alerts the safeguarding contact at once for an urgent flag', async () => {
    const { t, sink, pair } = await relay();
    // Lines end in CRLF as sent; the reviewer reads LF, and the spans point into that text.
    const body = "Hey Pat,\r\n\r\nthis is our little secret ok?\r\nText me at 555-123-4567, don't tell your\r\nparents.";
    const reply = await sendOnce(t.smtpPort, MENTOR.email, [pair.alias], message({ from: `Morgan <${MENTOR.email}>`, subject: 'quick thing', body }));
    const id = Number(/message (\d+)$/.exec(reply)![1]);
    await screened(t, id);

    const m = await detail(t, id);
    expect(m.status).toBe('held');
    const byType = (type: string) => m.flags.filter((f: { type: string }) => f.type === type);
    const phone = byType('phone')[0];
    expect(m.text.slice(phone.spans[0].start, phone.spans[0].end)).toBe('555-123-4567');
    const urgent = m.flags.filter((f: { severity: string }) => f.severity === 'urgent');
    expect(urgent.map((f: { spans: { start: number; end: number }[] }) => m.text.slice(f.spans[0]!.start, f.spans[0]!.end))).toEqual(
      expect.arrayContaining(['our little secret', 'Text me', "don't tell your\nparents"]),
    );
    expect(m.events.map((e: { type: string }) => e.type)).toContain('flagged');

    expect((await t.api('GET', '/api/messages?severity=urgent')).body.items.map((x: { id: number }) => x.id)).toEqual([id]);
    expect((await t.api('GET', '/api/messages?flag=phone')).body.items.map((x: { id: number }) => x.id)).toEqual([id]);
    expect((await t.api('GET', '/api/messages?flag=url')).body.items).toEqual([]);

    const [alert] = await sink.waitFor(1);
    expect(alert!.to).toEqual([SAFEGUARDING]);
    const parsed = await simpleParser(alert!.raw);
    expect(parsed.subject).toBe(`Urgent: message ${id} from ${MENTOR.name} needs review`);
    expect(parsed.text).toContain('»our little secret«');
    // Each urgent flag says what it is and where: its type and category, the text, the line in it.
    expect(parsed.text).toMatch(/^- grooming — secrecy, in body, lines 3, 4: …?Hey Pat, this is »our little secret« ok\?/m);
    expect(parsed.text).toMatch(/^- grooming — private channel, in body, line 4: .*secret ok\? »Text me« at 555-123-4567/m);
    expect(parsed.text).toMatch(/^- keyword — our little secret \(secrecy\), in body, line 3: /m);
    expect(parsed.text).toContain(`Review it: https://relay.program.example/review/messages/${id}`);
    expect(parsed.text).toContain('It has NOT been delivered');
    await eventually(async () => (await detail(t, id)).events.some((e: { type: string }) => e.type === 'alerted'));
    expect(sink.received.map((r) => r.to)).toEqual([[SAFEGUARDING]]);
  });

  it('says in the alert where each urgent flag is, the subject, an attachment and its line, and lists identical lines once', async () => {
    const { t, sink, pair } = await relay();
    const notes = ['Content-Type: text/plain; charset=utf-8; name="notes.txt"', 'Content-Disposition: attachment; filename="notes.txt"', '', 'Homework for Monday.', "Let's meet in person at the mall, just us."];
    const raw = Buffer.from(
      [
        `From: Morgan <${MENTOR.email}>`,
        `To: ${pair.alias}`,
        'Subject: meet up on saturday?',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'See the notes (twice, in case).',
        '--b',
        ...notes,
        '--b',
        ...notes,
        '--b--',
        '',
      ].join('\r\n'),
    );
    const id = Number(/message (\d+)$/.exec(await sendOnce(t.smtpPort, MENTOR.email, [pair.alias], raw))![1]);
    await screened(t, id);
    const [alert] = await sink.waitFor(1);
    const text = (await simpleParser(alert!.raw)).text ?? '';
    const found = text.split('\n').filter((l) => l.startsWith('- '));
    expect(found).toEqual(
      expect.arrayContaining([
        '- grooming — meeting offline, in subject: »meet up« on saturday?',
        '- grooming — meeting offline, in attachment:notes.txt, line 2 (×2): Homework for Monday. Let\'s »meet in person« at the mall, just us.',
      ]),
    );
    // The same match in the two copies of the file is one line.
    expect(found.filter((l) => l.includes('attachment:notes.txt') && l.includes('grooming'))).toHaveLength(1);
  });

  it('sends the safeguarding contacts a daily digest of flagged messages still waiting, once a day', async () => {
    const { t, sink, pair } = await relay({ review: { digestHour: 0 } });
    const id = Number(/message (\d+)$/.exec(await sendOnce(t.smtpPort, MENTOR.email, [pair.alias], message({ from: MENTOR.email, subject: 'Links', body: 'Try https://example.com/quiz' })))![1]);
    await screened(t, id);
    expect(await t.relay.digest.check()).toBe(true);
    const [digest] = await sink.waitFor(1);
    expect(digest!.to).toEqual([SAFEGUARDING]);
    const parsed = await simpleParser(digest!.raw);
    expect(parsed.subject).toBe('Daily review digest: 1 flagged message waiting');
    expect(parsed.text).toContain(`Message ${id}, ${MENTOR.name} → ${PROTEGE.name}`);
    expect(parsed.text).toContain('flags: url');
    expect(parsed.text).toContain(`https://relay.program.example/review/messages/${id}`);
    expect(await t.relay.digest.check()).toBe(false);
  });

  it('reads HTML-only messages as text, and flags nothing in ordinary talk', async () => {
    const { t, pair } = await relay();
    const html = Buffer.from(
      [`From: ${PROTEGE.email}`, `To: ${pair.alias}`, 'Subject: hi', 'MIME-Version: 1.0', 'Content-Type: text/html; charset=utf-8', '', '<p>add me on <b>snapchat</b></p>', ''].join('\r\n'),
    );
    const a = Number(/message (\d+)$/.exec(await sendOnce(t.smtpPort, PROTEGE.email, [pair.alias], html))![1]);
    const b = Number(/message (\d+)$/.exec(await sendOnce(t.smtpPort, MENTOR.email, [pair.alias], message({ from: MENTOR.email, body: "Great job on the essay! I'll meet the deadline for my part too." })))![1]);
    await screened(t, a);
    await screened(t, b);
    expect((await detail(t, a)).flags.map((f: { type: string }) => f.type)).toEqual(expect.arrayContaining(['handle', 'keyword']));
    expect((await detail(t, b)).flags).toEqual([]);
  });

  it('in hold-flagged mode lets a trusted pair’s unflagged message through and holds the rest', async () => {
    const { t, sink, pair } = await relay({ review: { mode: 'hold-flagged', samplePercent: 0 } });
    const send = async (body: string) => Number(/message (\d+)$/.exec(await sendOnce(t.smtpPort, MENTOR.email, [pair.alias], message({ from: MENTOR.email, body })))![1]);

    const untrusted = await send('See you on Thursday at the library.');
    await screened(t, untrusted);
    expect((await detail(t, untrusted)).status).toBe('held');

    expect((await t.api('PATCH', `/api/pairs/${pair.id}`, { trusted: true })).body.trusted).toBe(true);
    const clean = await send('Great work on your project this week!');
    const flagged = await send('Here is a link: https://example.com/quiz');
    await eventually(async () => (await detail(t, clean)).status === 'delivered');
    expect((await detail(t, clean)).decidedBy).toBe('screening (trusted pair, nothing flagged)');
    await screened(t, flagged);
    expect((await detail(t, flagged)).status).toBe('held');
    expect(sink.received).toHaveLength(1);
  });

  it('in hold-flagged mode still holds the random sample', async () => {
    const { t, pair } = await relay({ review: { mode: 'hold-flagged', samplePercent: 100 } });
    await t.api('PATCH', `/api/pairs/${pair.id}`, { trusted: true });
    const id = Number(/message (\d+)$/.exec(await sendOnce(t.smtpPort, MENTOR.email, [pair.alias], message({ from: MENTOR.email, body: 'All good here.' })))![1]);
    await screened(t, id);
    await new Promise((r) => setTimeout(r, 200));
    expect((await detail(t, id)).status).toBe('held');
  });

  it('holds a message the screening thread cannot read, says why, and screens the rest of its batch and what follows', async () => {
    // The smallest heap the setting allows (the thread needs about 15 MB for itself), and a 7 MB text
    // that cannot be read within it (small enough to share a batch with the others).
    const { t, pair } = await relay({ screening: { threadMemoryMb: 32 } });
    const huge = Buffer.from(`From: ${MENTOR.email}\r\nTo: ${pair.alias}\r\nSubject: notes\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\n${'plenty of notes, line after line\r\n'.repeat(216_000)}`);
    const idOf = (reply: string) => Number(/message (\d+)$/.exec(reply)![1]);
    // Screening pauses while the three arrive, so that they share one batch when it starts again.
    await t.relay.screening!.stop();
    const client = await SmtpClient.connect(t.smtpPort);
    await client.command('EHLO client.test');
    const before = idOf(await client.send(MENTOR.email, [pair.alias], message({ from: MENTOR.email, body: 'the office number is 555-123-4567' })));
    const big = idOf(await client.send(MENTOR.email, [pair.alias], huge));
    const after = idOf(await client.send(MENTOR.email, [pair.alias], message({ from: MENTOR.email, body: 'or the desk, 555-765-4321' })));
    await client.quit();
    t.relay.screening!.start();
    const at = await Promise.all([before, big, after].map((id) => screened(t, id)));
    expect(new Set(at).size).toBe(1); // one batch, stored in one commit

    const failed = await detail(t, big);
    expect(failed.status).toBe('held');
    const event = failed.events.find((e: { type: string }) => e.type === 'flagged');
    expect(event.detail.error).toMatch(/^screening failed: .*memory/);
    for (const id of [before, after]) expect((await detail(t, id)).flags.map((f: { type: string }) => f.type)).toEqual(['phone']);

    // The thread was started anew: the next message is screened as usual.
    const next = idOf(await sendOnce(t.smtpPort, MENTOR.email, [pair.alias], message({ from: MENTOR.email, body: 'my snap is pat_2010' })));
    await screened(t, next);
    // A mentor giving a protégé their Snapchat: the handle, and a move to a private channel.
    expect((await detail(t, next)).flags.map((f: { type: string }) => f.type)).toEqual(['handle', 'grooming']);
  });

  it('screens a backlog larger than one batch straight away, batch after batch', async () => {
    // Polling only every ten minutes: what gets screened here is screened because the worker went on.
    const { t, pair } = await relay({ outbound: { pollMs: 600_000 } });
    const unscreened = async () => Number((await t.relay.services.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('screened_at', 'is', null).executeTakeFirstOrThrow()).n);
    await t.relay.screening!.stop(); // messages pile up while screening is stopped
    const client = await SmtpClient.connect(t.smtpPort);
    await client.command('EHLO backlog.test');
    // 250 small ones: more than a batch holds (200); then ten of 1 MB: a batch holds at most 8 MB, so
    // the second one is cut by size.
    for (let i = 0; i < 250; i++) expect(await client.send(MENTOR.email, [pair.alias], message({ from: MENTOR.email, body: `note ${i}` }))).toMatch(/^250/);
    const megabyte = 'A long report, pasted in full, line after line of it.\r\n'.repeat(20_000);
    for (let i = 0; i < 10; i++) expect(await client.send(MENTOR.email, [pair.alias], message({ from: MENTOR.email, body: megabyte }))).toMatch(/^250/);
    await client.quit();
    expect(await unscreened()).toBe(260);
    t.relay.screening!.start();
    await eventually(async () => (await unscreened()) === 0);
  });

  it('screens on idle CPU time only, so that accepting mail goes first when the cores are busy', async () => {
    const { t, pair } = await relay();
    const reply = await sendOnce(t.smtpPort, MENTOR.email, [pair.alias], message({ from: MENTOR.email, body: 'see you thursday' }));
    await screened(t, Number(/message (\d+)$/.exec(reply)![1]));
    // Linux keeps a scheduling policy and a nice value per thread: fields 41 and 19 of /proc/<pid>/task/<tid>/stat.
    const field = (stat: string, n: number) => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[n - 3]);
    const SCHED_OTHER = 0;
    const SCHED_IDLE = 5;
    const threads = () => readdirSync('/proc/self/task').map((tid) => readFileSync(`/proc/self/task/${tid}/stat`, 'utf8'));
    // The screening thread (the one at nice 19) gets the idle policy from a command it starts, a moment after it is up.
    const screening = () => threads().filter((stat) => field(stat, 19) === 19);
    await eventually(() => screening().length > 0 && screening().every((stat) => field(stat, 41) === SCHED_IDLE)).catch(() => {});
    expect(screening().map((stat) => field(stat, 41))).toEqual([SCHED_IDLE]);
    const loop = readFileSync('/proc/thread-self/stat', 'utf8'); // the SMTP sessions' event loop
    expect([field(loop, 41), field(loop, 19)]).toEqual([SCHED_OTHER, 0]);
  });
});
