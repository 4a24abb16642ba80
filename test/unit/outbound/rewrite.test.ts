import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { splitMessage } from '../../../src/messages/headers.js';
import { formatAddress, isForwardedHeader, rewriteForForwarding, type RewriteInput } from '../../../src/outbound/rewrite.js';

const corpusDir = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));

const base = (raw: Buffer, threading = new Map<string, string>()): RewriteInput => ({
  raw,
  senderName: 'Morgan Mentor',
  programName: 'Bright Futures',
  alias: 'pair-abcdefghij@relay.test',
  to: 'pat@school.example',
  messageId: 'relay-1@relay.test',
  threading,
  now: new Date(Date.UTC(2026, 10, 28, 12)),
});

const headerOf = (raw: Buffer) => splitMessage(raw).header.toString('latin1');

describe('rewriteForForwarding', () => {
  it('keeps only allowlisted original fields and writes its own From, To and Message-ID', () => {
    const raw = Buffer.from(
      [
        'Received: from laptop.corp.example by mx.corp.example',
        'From: "Morgan <morgan@corp.example>" <morgan@corp.example>',
        'Reply-To: morgan.home@example.net',
        'To: pair-abcdefghij@relay.test',
        'Cc: boss@corp.example',
        'Subject: =?UTF-8?Q?Caf=C3=A9?= plans',
        'Date: Mon, 23 Nov 2026 10:00:00 +0000',
        'Message-ID: <orig@corp.example>',
        'X-Mailer: Outlook',
        'List-Unsubscribe: <mailto:morgan@corp.example>',
        'MIME-Version: 1.0',
        'Content-Type: text/plain;',
        ' charset=utf-8',
        '',
        'Body line',
        '',
      ].join('\r\n'),
    );
    const out = rewriteForForwarding(base(raw));
    expect(headerOf(out)).toBe(
      [
        'From: "Morgan Mentor via Bright Futures" <pair-abcdefghij@relay.test>',
        'To: pat@school.example',
        'Subject: =?UTF-8?Q?Caf=C3=A9?= plans',
        'Date: Mon, 23 Nov 2026 10:00:00 +0000',
        'MIME-Version: 1.0',
        'Content-Type: text/plain;',
        ' charset=utf-8',
        'Message-ID: <relay-1@relay.test>',
        '',
      ].join('\r\n'),
    );
    expect(splitMessage(out).body).toEqual(splitMessage(raw).body);
  });

  it('maps In-Reply-To and References through the threading map and drops unknown IDs', () => {
    const raw = Buffer.from('From: a@b.example\r\nIn-Reply-To: <unknown@x>\r\nReferences: <r1@relay.test> <unknown@x>\r\n <r2@relay.test>\r\n\r\nhi\r\n');
    const threading = new Map([
      ['r1@relay.test', 'orig1@corp.example'],
      ['r2@relay.test', 'orig2@corp.example'],
    ]);
    const header = headerOf(rewriteForForwarding(base(raw, threading)));
    // In-Reply-To unknown: it falls back to the last known reference.
    expect(header).toContain('In-Reply-To: <orig2@corp.example>\r\n');
    expect(header).toContain('References: <orig1@corp.example> <orig2@corp.example>\r\n');
    expect(header).not.toContain('unknown@x');
  });

  it('writes no In-Reply-To or References when no ID is known', () => {
    const raw = Buffer.from('From: a@b.example\r\nIn-Reply-To: <unknown@x>\r\n\r\nhi\r\n');
    const header = headerOf(rewriteForForwarding(base(raw)));
    expect(header).not.toMatch(/in-reply-to|references/i);
  });

  it('adds a Date when the original has none, and keeps LF line endings for an LF message', () => {
    const raw = Buffer.from('From: a@b.example\nSubject: x\n\nbody\n');
    const out = rewriteForForwarding(base(raw)).toString();
    expect(out).toBe(
      'From: "Morgan Mentor via Bright Futures" <pair-abcdefghij@relay.test>\nTo: pat@school.example\nSubject: x\nDate: Sat, 28 Nov 2026 12:00:00 +0000\nMessage-ID: <relay-1@relay.test>\n\nbody\n',
    );
  });

  it.each(readdirSync(corpusDir).filter((f) => f.endsWith('.eml')))('%s: leaves no original address header and every part decoded-identical', async (file) => {
    const raw = readFileSync(corpusDir + file);
    const out = rewriteForForwarding(base(raw));
    const header = headerOf(out);
    for (const line of header.split(/\r?\n(?![ \t])/).filter(Boolean)) {
      const key = line.slice(0, line.indexOf(':')).toLowerCase();
      expect(['from', 'to', 'message-id', 'date'].includes(key) || isForwardedHeader(key), line).toBe(true);
    }
    const [a, b] = await Promise.all([simpleParser(raw), simpleParser(out)]);
    expect(b.subject).toBe(a.subject);
    expect(b.text).toBe(a.text);
    expect(b.html).toBe(a.html);
    expect(b.attachments.map((x) => x.checksum)).toEqual(a.attachments.map((x) => x.checksum));
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
