import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MENTOR, PROTEGE, removeDir, screened, setupPair, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { startSink, type Sink } from '../helpers/sink.js';
import { sendOnce } from '../helpers/smtp-client.js';

/**
 * Every way around the reviewer that issue 14 lists, through real SMTP into the relay and out to a real
 * sink: the flags are read from the API, and the forwarded copy's bytes are checked.
 */
const LEAD = 'lead@program.example';
let t: TestRelay;
let sink: Sink;
let alias: string;

beforeAll(async () => {
  sink = await startSink();
  t = await startTestRelay({ outbound: { url: `smtp://127.0.0.1:${sink.port}` }, screening: { safeguardingContacts: [LEAD] } });
  ({ pair: { alias } } = await setupPair(t));
});

afterAll(async () => {
  await t.stop();
  await sink.close();
  removeDir(t.dir);
});

type Flag = { type: string; severity: string; field?: string; detail?: string; excerpt: string };

/** Sends a mentor's message (header lines, then body lines), waits for screening; its id and flags. */
async function send(lines: string[]): Promise<{ id: number; flags: Flag[] }> {
  const raw = Buffer.from([`From: ${MENTOR.name} <${MENTOR.email}>`, `To: ${alias}`, ...lines, ''].join('\r\n'));
  const reply = await sendOnce(t.smtpPort, MENTOR.email, [alias], raw);
  const id = Number(/as message (\d+)$/.exec(reply)?.[1]);
  expect(id, reply).toBeGreaterThan(0);
  await screened(t, id);
  return { id, flags: (await t.api('GET', `/api/messages/${id}`)).body.flags };
}

/** Approves the message and returns the copy the protégé's mail server received. */
async function forwarded(id: number): Promise<Buffer> {
  const before = sink.received.filter((r) => r.to.includes(PROTEGE.email)).length;
  expect((await t.api('POST', `/api/messages/${id}/approve`, { note: 'checked' })).status).toBe(200);
  for (let i = 0; i < 400; i++) {
    const copies = sink.received.filter((r) => r.to.includes(PROTEGE.email));
    if (copies.length > before) return copies[before]!.raw;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`message ${id} was not forwarded`);
}

const alertsAbout = (id: number) => sink.received.filter((r) => r.to.includes(LEAD) && r.raw.toString('latin1').includes(`message ${id} `));

const multipart = (boundary: string, parts: string[][]) => [`MIME-Version: 1.0`, `Content-Type: multipart/mixed; boundary="${boundary}"`, '', ...parts.flatMap((p) => [`--${boundary}`, ...p]), `--${boundary}--`];

describe('nothing reaches the protégé that the reviewer was not shown', () => {
  it('screens the HTML alternative, not only the harmless text, and alerts on it', async () => {
    const { id, flags } = await send([
      'Subject: Homework',
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="alt"',
      '',
      '--alt',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Good luck with the homework!',
      '--alt',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Good luck! dont tell your parents, text me at 555-867-5309</p>',
      '--alt--',
    ]);
    expect(flags).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'keyword', severity: 'urgent', field: 'html', detail: expect.stringMatching(/dont tell your parents/) }),
        expect.objectContaining({ type: 'keyword', severity: 'urgent', field: 'html', detail: expect.stringMatching(/text me/) }),
        expect.objectContaining({ type: 'phone', field: 'html' }),
      ]),
    );
    for (let i = 0; i < 400 && alertsAbout(id).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(alertsAbout(id)).toHaveLength(1);
  });

  it('reads text a page hides (textarea, option, xmp, hidden elements), and forwards none of the form fields', async () => {
    const { id, flags } = await send([
      'Subject: Form',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Hello</p><textarea>meet me at the mall</textarea><select><option>snap me</option></select>',
      '<xmp>dont tell anyone</xmp><div style="display:none">my personal number 555-201-7788</div><input value="whats your address">',
    ]);
    const found = flags.filter((f) => f.field === 'html').map((f) => f.detail ?? f.type).join(' | ');
    for (const term of ['meet me', 'snap me', 'dont tell anyone', 'my personal number', 'whats your address']) expect(found).toContain(term);
    const copy = await simpleParser(await forwarded(id));
    expect(copy.html).not.toMatch(/meet me|snap me|whats your address/);
    // Text the sanitizer keeps is shown to the reviewer and sent alike: hidden styling is dropped, so it shows.
    expect(copy.html).toMatch(/my personal number 555-201-7788/);
    expect(copy.html).not.toMatch(/display\s*:\s*none/);
  });

  it('screens a .txt attachment, an attached message and file names, and tells where each match is', async () => {
    const { flags } = await send([
      'Subject: Files',
      ...multipart('mix', [
        ['Content-Type: text/plain', '', 'Notes attached.'],
        ['Content-Type: text/plain; name="notes.txt"', 'Content-Disposition: attachment; filename="notes.txt"', '', 'call me at 555-444-3322'],
        ['Content-Type: application/pdf', 'Content-Disposition: attachment; filename="add me on snapchat.pdf"', 'Content-Transfer-Encoding: base64', '', 'JVBERi0xLjQK'],
        // A right-to-left override makes "invoice\u202Efdp.exe" look like "invoiceexe.pdf" in a mail client.
        ['Content-Type: application/octet-stream', "Content-Disposition: attachment; filename*=utf-8''invoice%E2%80%AEfdp.exe", 'Content-Transfer-Encoding: base64', '', 'TVqQAAMAAAAEAAAA'],
        ['Content-Type: message/rfc822', 'Content-Disposition: attachment; filename="fwd.eml"', '', 'From: someone@elsewhere.example', 'Subject: our little secret', '', 'pick you up after school'],
      ]),
    ]);
    const where = (field: string) => flags.filter((f) => f.field === field).map((f) => f.detail ?? f.type).join(' | ');
    expect(where('attachment:notes.txt')).toMatch(/call me at/);
    expect(flags.some((f) => f.field === 'attachment:notes.txt' && f.type === 'phone')).toBe(true);
    expect(where('filename:add me on snapchat.pdf')).toMatch(/add me on/);
    expect(flags.filter((f) => f.field === 'filename:invoicefdp.exe').map((f) => f.type)).toEqual(['invisible']);
    expect(flags).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'attachment', detail: 'blocked: executable file', excerpt: expect.stringMatching(/^invoicefdp\.exe/) })]));
    expect(where('message:fwd.eml/subject')).toMatch(/our little secret/);
    expect(where('message:fwd.eml/body')).toMatch(/pick you up/);
    expect(flags.some((f) => f.field === 'message:fwd.eml/header' && f.type === 'email')).toBe(true);
  });

  it('reads a message/global or .eml attachment as a message, and removes parts nobody can review', async () => {
    const inner = ['From: Morgan Real <morgan.private@home-isp.example>', 'Subject: note', 'Received: from [192.168.1.23] by home-isp.example', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', Buffer.from('meet me at the mall, 555-867-5309').toString('base64')];
    const { id, flags } = await send([
      'Subject: Old notes',
      ...multipart('mix', [
        ['Content-Type: text/plain', '', 'see attached'],
        ['Content-Type: message/global', 'Content-Disposition: attachment; filename="note.eml"', '', ...inner],
        ['Content-Type: application/octet-stream', 'Content-Disposition: attachment; filename="other.eml"', '', ...inner],
        ['Content-Type: message/partial; id="abc@home-isp.example"; number=1; total=2', '', ...inner],
        ['Content-Type: application/ms-tnef', 'Content-Disposition: attachment; filename="winmail.dat"', 'Content-Transfer-Encoding: base64', '', 'eJ8+IgAAAA=='],
      ]),
    ]);
    for (const name of ['note.eml', 'other.eml']) {
      expect(flags.filter((f) => f.field === `message:${name}/body`).map((f) => f.type).sort()).toEqual(['grooming', 'keyword', 'phone']);
      expect(flags.some((f) => f.field === `message:${name}/header` && f.type === 'email')).toBe(true);
    }
    expect(flags.filter((f) => f.type === 'attachment' && /^removed: /.test(f.detail ?? '')).map((f) => f.detail)).toEqual([
      expect.stringMatching(/message\/partial/),
      expect.stringMatching(/TNEF/),
    ]);
    const raw = (await forwarded(id)).toString('latin1');
    expect(raw).not.toMatch(/home-isp\.example|192\.168|eJ8\+IgAAAA|message\/partial/);
    const copy = await simpleParser(Buffer.from(raw, 'latin1'));
    expect(copy.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['note.eml', 'message/rfc822'],
      ['other.eml', 'message/rfc822'],
    ]);
  });

  it('reads text attachments whatever their name or encoding, and blocks programs whatever their name', async () => {
    const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('text me at 555-867-5309', 'utf16le')]);
    const program = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]);
    // A ZIP holding more.zip, which holds setup.exe: the inner one's contents cannot be listed unpacked.
    const nested = 'UEsDBBQAAAAAADRKgl0qUXdidgAAAHYAAAAIAAAAbW9yZS56aXBQSwMEFAAAAAAANEqCXV2bsI8CAAAAAgAAAAkAAABzZXR1cC5leGVNWlBLAQIUAxQAAAAAADRKgl1dm7CPAgAAAAIAAAAJAAAAAAAAAAAAAACAAQAAAABzZXR1cC5leGVQSwUGAAAAAAEAAQA3AAAAKQAAAAAAUEsBAhQDFAAAAAAANEqCXSpRd2J2AAAAdgAAAAgAAAAAAAAAAAAAAIABAAAAAG1vcmUuemlwUEsFBgAAAAABAAEANgAAAJwAAAAAAA==';
    const file = (name: string, content: string) => ['Content-Type: application/octet-stream', `Content-Disposition: attachment; filename="${name}"`, 'Content-Transfer-Encoding: base64', '', content];
    const { id, flags } = await send([
      'Subject: Files',
      ...multipart('mix', [
        ['Content-Type: text/html; charset=utf-8', '', '<p>Write to <a href="mailto:%6d%61llory@attacker.example">me</a></p>'],
        file('notes.txt', b64(utf16)),
        file('README', b64('snap me later')),
        file('setup.exe.', b64(program)),
        file('photo.jpg', b64(program)),
        file('homework', nested),
      ]),
    ]);
    expect(flags.filter((f) => f.field === 'attachment:notes.txt').map((f) => f.type)).toEqual(expect.arrayContaining(['keyword', 'phone']));
    expect(flags.filter((f) => f.field === 'attachment:README').map((f) => f.detail)).toEqual(expect.arrayContaining([expect.stringMatching(/^snap me/)]));
    expect(flags).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'email', detail: 'mallory@attacker.example' })]));
    const detail = (await t.api('GET', `/api/messages/${id}`)).body;
    expect(detail.attachments.filter((a: { forwarded: boolean }) => !a.forwarded).map((a: { filename: string; removed: string }) => [a.filename, a.removed])).toEqual([
      ['setup.exe.', 'executable file'],
      ['photo.jpg', 'executable file (whatever its name says)'],
      ['homework', 'the archive holds another archive (more.zip), whose contents cannot be checked'],
    ]);
    const copy = await simpleParser(await forwarded(id));
    expect(copy.attachments.map((a) => a.filename)).toEqual(['notes.txt', 'README']);
  });

  it('sees through zero-width characters and soft hyphens, and flags that they are there', async () => {
    const { flags } = await send(['Subject: Hi', 'Content-Type: text/plain; charset=utf-8', '', 'dont tell your pa\u200brents. Write to morgan.private@\u200bgmail.com or call 555-\u00ad867-5309']);
    expect(flags).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'keyword', severity: 'urgent', detail: expect.stringMatching(/dont tell your parents/) }),
        expect.objectContaining({ type: 'email', detail: 'morgan.private@gmail.com' }),
        expect.objectContaining({ type: 'phone' }),
        expect.objectContaining({ type: 'invisible', severity: 'review', detail: expect.stringMatching(/^3 invisible characters \(zero-width space ×2, soft hyphen\)/) }),
      ]),
    );
  });

  it.each([
    ['an element the sanitizer removes, joining the words around it', '<p>Lets me<noscript></noscript>et up on Saturday. Call 555<label>-867-</label>5309, dont tell your pa<select></select>rents.</p>'],
    ['text a browser moves out of a table', '<div>Saturday? me<table>et me at the mall<tr><td></td></tr></table></div><div>call 555<table>-867-5309<tr><td></td></tr></table></div>'],
    ['a zero-width space written as an HTML entity', '<p>me&#8203;et me Saturday, call 555&ZeroWidthSpace;-867-5309</p>'],
  ])('reads the HTML as a reader\'s client shows it: %s', async (_what, body) => {
    const { flags } = await send(['Subject: Saturday', 'MIME-Version: 1.0', 'Content-Type: text/html; charset=utf-8', '', body]);
    expect(flags).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'keyword', severity: 'urgent', detail: expect.stringMatching(/^meet/) }), expect.objectContaining({ type: 'phone' })]));
  });

  it('forwards no <bdo>, which shows words reversed from what screening reads', async () => {
    const { id } = await send(['Subject: Saturday', 'MIME-Version: 1.0', 'Content-Type: text/html; charset=utf-8', '', '<p><bdo dir="rtl">stnerap ruoy llet tnod</bdo></p>']);
    expect((await simpleParser(await forwarded(id))).html).not.toMatch(/<bdo/i);
  });

  it('removes and flags every kind of invisible character, astral ones included', async () => {
    const { flags } = await send(['Subject: me\u{E0020}et me', 'Content-Type: text/plain; charset=utf-8', '', 'dont tell your pa\u{E0100}rents, keep it sec\u{1BCA0}ret, just bet\u{1D173}ween us, give me your num\uFFF9ber']);
    const keywords = flags.filter((f) => f.type === 'keyword').map((f) => f.detail ?? '');
    for (const term of ['meet me', 'dont tell your parents', 'keep it secret', 'just between us', 'give me your number']) expect(keywords.join(' | ')).toContain(term);
    expect(flags.filter((f) => f.type === 'invisible').map((f) => f.field ?? 'body').sort()).toEqual(['body', 'subject']);
  });

  it('leaves no emoji sequence flagged as hidden text', async () => {
    const { flags } = await send(['Subject: Great job', 'Content-Type: text/plain; charset=utf-8', '', 'Great job 👍🏽 ❤️ 👨‍👩‍👧 🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F} see you next week']);
    expect(flags.filter((f) => f.type === 'invisible')).toEqual([]);
  });

  it('forwards no header block, Content-ID, time zone or pixel of the sender, and no blocked file', async () => {
    const { id, flags } = await send([
      'Subject: Photo',
      'Date: Tue, 24 Nov 2026 09:15:00 -0800',
      'Content-Description: from-laptop.corp.example',
      'X-Mailer: Morgan-Mail 1.0',
      ...multipart('mix', [
        ['Content-Type: text/html; charset=utf-8', 'Content-Description: body corp.example', '', '<p>Look <img src="cid:pic.123@corp.example"><img src="https://track.corp.example/open.gif?u=pat" width="1" height="1"></p>'],
        ['Content-Type: image/png', 'Content-ID: <pic.123@corp.example>', 'Content-Disposition: inline', 'Content-Transfer-Encoding: base64', '', 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='],
        ['Content-Type: application/octet-stream', 'Content-Disposition: attachment; filename="setup.exe"', 'Content-Transfer-Encoding: base64', '', 'TVqQAAMAAAAEAAAA'],
      ]),
    ]);
    expect(flags).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'attachment', detail: 'blocked: executable file' })]));
    const detail = (await t.api('GET', `/api/messages/${id}`)).body;
    expect(detail.attachments.map((a: { filename: string | null; forwarded: boolean }) => [a.filename, a.forwarded])).toEqual([
      [null, true],
      ['setup.exe', false],
    ]);
    const raw = await forwarded(id);
    const text = raw.toString('latin1');
    expect(text).not.toMatch(/corp\.example|Content-Description|X-Mailer|-0800|setup\.exe|TVqQ/i);
    expect(text).toContain('Date: Tue, 24 Nov 2026 17:15:00 +0000');
    const copy = await simpleParser(raw, { keepCidLinks: true });
    expect(copy.html).not.toMatch(/https?:/);
    expect(copy.attachments.map((a) => a.contentType)).toEqual(['image/png']);
    expect(copy.html).toContain(`cid:${copy.attachments[0]!.cid}`);
    expect(copy.attachments[0]!.cid).toMatch(/@relay\.test$/);
  });
});
