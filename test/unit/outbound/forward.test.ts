import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { readReviewed } from '../../../src/messages/reviewed.js';
import { formatAddress, referencedIds, threadHeaders } from '../../../src/outbound/threading.js';
import { corpus, fixturesDir } from '../../helpers/corpus.js';
import { expectFaithfulCopy, forwardOf } from '../../helpers/forward-checks.js';

const forward = forwardOf;

const headerOf = (raw: Buffer) => raw.toString('latin1').split('\r\n\r\n')[0]!;

/** Everything an attacker can put in a message besides its harmless text. */
const hostile = Buffer.from(
  [
    'Received: from laptop.evil.example by mx.evil.example',
    'From: "Morgan <morgan@corp.example>" <morgan@corp.example>',
    'Reply-To: morgan.home@evil.example',
    'To: pair-abcdefghij@relay.test',
    'Subject: =?UTF-8?Q?Caf=C3=A9?= plans',
    'Date: Mon, 23 Nov 2026 10:00:00 -0800',
    'Message-ID: <orig@evil.example>',
    'X-Mailer: Outlook',
    'Content-Description: tracking-evil.example',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary=B',
    '',
    '--B',
    'Content-Type: multipart/alternative; boundary=A',
    '',
    '--A',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'See you at the library.',
    '--A',
    'Content-Type: text/html; charset=utf-8',
    'Content-Description: html-evil.example',
    '',
    '<p>See you <textarea>text me at 555-867-5309</textarea><img src="https://pixel.evil.example/t.gif"><img src="cid:logo@evil.example"></p>',
    '<div style="background:url(https://bg.evil.example/x)">bg</div><link rel=stylesheet href="https://css.evil.example/s.css">',
    '--A--',
    '--B',
    'Content-Type: image/png',
    'Content-ID: <logo@evil.example>',
    'Content-Disposition: inline',
    'Content-Language: x-evil',
    '',
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    '--B',
    'Content-Type: application/octet-stream; name=setup.exe',
    'Content-Disposition: attachment; filename=setup.exe',
    'Content-Transfer-Encoding: base64',
    '',
    'TVqQAAMAAAAEAAAA',
    '--B',
    'Content-Type: text/plain; name="notes.txt"',
    'Content-Disposition: attachment; filename="notes.txt"',
    'X-Attachment-Id: evil.example',
    '',
    'plain notes',
    '--B--',
    '',
  ].join('\r\n'),
);

describe('composeForward', () => {
  it.each(corpus(fixturesDir))('$file: only the relay\'s header blocks, every reviewed part faithful', async ({ file, raw }) => {
    await expectFaithfulCopy(raw, await forward(raw), file);
  });

  it('writes every header block itself: nothing of the sender\'s MIME structure, address, domain or time zone survives', async () => {
    const out = await forward(hostile);
    const text = out.toString('latin1');
    expect(text).not.toMatch(/evil\.example|Content-Description|Content-Language|X-Mailer|Received|Reply-To|X-Attachment-Id/i);
    expect(text).not.toMatch(/setup\.exe|TVqQAAMAAAAEAAAA/);
    expect(headerOf(out)).toContain('To: pat@school.example\r\n');
    expect(headerOf(out)).toContain('Date: Mon, 23 Nov 2026 18:00:00 +0000');
    expect(headerOf(out)).toContain('Message-ID: <relay-1@relay.test>');
    const parsed = await simpleParser(out, { keepCidLinks: true, skipHtmlToText: true });
    expect(parsed.subject).toBe('Café plans');
    expect(parsed.from?.value).toEqual([{ name: 'Morgan Mentor via Bright Futures', address: 'pair-abcdefghij@relay.test' }]);
    expect(parsed.text?.trim()).toBe('See you at the library.');
    // The textarea's words go with it, the pixel and the remote styles are gone, the inline image points at the relay's Content-ID.
    expect(parsed.html).not.toMatch(/555-867-5309|https?:/);
    expect(parsed.html).toMatch(/<img src="cid:part1\.relay-1@relay\.test"/);
    expect(parsed.attachments.map((a) => [a.filename ?? null, a.contentType, a.cid ?? null])).toEqual([
      [null, 'image/png', 'part1.relay-1@relay.test'],
      ['notes.txt', 'text/plain', null],
    ]);
    await expectFaithfulCopy(hostile, out, 'hostile');
  });

  it('rebuilds an attached message from its reviewed parts: no From or To of it, Date in UTC', async () => {
    const raw = corpus(fixturesDir).find((c) => c.file === 'attached-message.eml')!.raw;
    const out = (await simpleParser(await forward(raw))).attachments[0]!;
    expect(out.contentType).toBe('message/rfc822');
    const inner = out.content.toString('latin1');
    expect(inner).not.toMatch(/club@school\.example|students@school\.example|-0500/);
    expect(inner).toContain('Date: Fri, 27 Nov 2026 20:00:00 +0000');
    expect((await simpleParser(out.content)).text?.trim()).toBe('Meetings are on Tuesdays in room 12.');
  });

  it('removes an attached message nested too deep to be read', async () => {
    let raw = 'From: a@b.example\r\nSubject: deepest\r\n\r\nbottom\r\n';
    for (let i = 0; i < 4; i++) raw = `From: a@b.example\r\nSubject: level ${i}\r\nContent-Type: multipart/mixed; boundary=L${i}\r\n\r\n--L${i}\r\nContent-Type: text/plain\r\n\r\nlevel ${i}\r\n--L${i}\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=l${i}.eml\r\n\r\n${raw}--L${i}--\r\n`;
    const reviewed = await readReviewed(Buffer.from(raw));
    const depth = (m: typeof reviewed): number => 1 + Math.max(0, ...m.attachments.map((a) => (a.message ? depth(a.message) : 0)));
    expect(depth(reviewed)).toBe(3);
    expect(reviewed.attachments[0]!.message!.attachments[0]!.message!.attachments[0]!.removed).toMatch(/nested/);
    expect((await forward(Buffer.from(raw))).toString()).not.toContain('bottom');
  });

  it('maps In-Reply-To and References through the threading map and drops unknown IDs', async () => {
    const raw = Buffer.from('From: a@b.example\r\nIn-Reply-To: <unknown@x>\r\nReferences: <r1@relay.test> <unknown@x>\r\n <r2@relay.test>\r\n\r\nhi\r\n');
    const threading = new Map([
      ['r1@relay.test', 'orig1@corp.example'],
      ['r2@relay.test', 'orig2@corp.example'],
    ]);
    const header = headerOf(await forward(raw, threadHeaders(referencedIds(raw), threading)));
    // In-Reply-To unknown: it falls back to the last known reference.
    expect(header).toContain('In-Reply-To: <orig2@corp.example>\r\n');
    expect(header).toContain('References: <orig1@corp.example> <orig2@corp.example>\r\n');
    expect(header).not.toContain('unknown@x');
    const none = headerOf(await forward(raw, threadHeaders(referencedIds(raw), new Map())));
    expect(none).not.toMatch(/in-reply-to|references/i);
  });

  it('writes the relay clock\'s Date when the original has none', async () => {
    expect(headerOf(await forward(Buffer.from('From: a@b.example\nSubject: x\n\nbody\n')))).toContain('Date: Sat, 28 Nov 2026 12:00:00 +0000');
  });
});

describe('formatAddress', () => {
  it('quotes a plain name and escapes quotes', () => {
    expect(formatAddress('Jo "JJ" Smith via P', 'a@relay.test')).toBe('"Jo \\"JJ\\" Smith via P" <a@relay.test>');
  });
  it('encodes a name that is not ASCII', () => {
    expect(formatAddress('Zoë via P', 'a@relay.test')).toMatch(/^=\?UTF-8\?Q\?.+\?= <a@relay\.test>$/);
  });
  it('cannot be split into two header lines by a name with a line break', () => {
    expect(formatAddress('Mal\r\nBcc: x@evil.example', 'a@relay.test')).not.toMatch(/[\r\n]/);
  });
});
