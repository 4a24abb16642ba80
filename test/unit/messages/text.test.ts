import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { plainText } from '../../../src/messages/text.js';
import { corpus, fixturesDir } from '../../helpers/corpus.js';

const samples = [
  'Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello Pat\r\nline two\r\n',
  'Subject: x\r\n\r\nHello\r\n\r\n\r\nend',
  'Subject: x\r\nContent-Type: text/plain; charset="UTF-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nCaf=C3=A9 long=\r\n line\r\n',
  'Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\nSGVsbG8gUGF0IQ0KYnll\r\n',
  'Subject: x\r\nContent-Type: text/plain\r\n\r\n  indented\ttab\r\n.\r\n',
  'Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGrüße, Zoë 👋\r\n',
  // Lower-case field names, a folded value, and a transfer encoding on a continuation line.
  'Subject: x\r\ncontent-type: text/plain;\r\n\tcharset="utf-8"\r\ncontent-transfer-encoding:\r\n quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe\r\n',
  // A real replacement character, written by the sender.
  'Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nit showed \uFFFD instead\r\n',
];

describe('plainText', () => {
  it('reads a simple text message exactly as the full MIME parse does', async () => {
    for (const s of samples) {
      const raw = Buffer.from(s);
      expect(plainText(raw), s).toBe((await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true })).text);
    }
  });

  it('agrees with the full parse on every corpus message it takes, and leaves the rest to it', async () => {
    let taken = 0;
    for (const { file, raw } of corpus(fixturesDir)) {
      const fast = plainText(raw);
      if (fast === null) continue;
      taken++;
      expect(fast, file).toBe((await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true })).text);
    }
    expect(taken).toBeGreaterThan(0);
  });

  it('leaves bytes that are not UTF-8 to the full parse, whatever the header says', () => {
    const latin1 = (type: string) => Buffer.concat([Buffer.from(`Subject: x\r\n${type}\r\n\r\ncaf`), Buffer.from([0xe9]), Buffer.from(' au lait\r\n')]);
    expect(plainText(latin1('Content-Type: text/plain; charset=utf-8'))).toBeNull();
    expect(plainText(latin1('Content-Transfer-Encoding: 8bit'))).toBeNull();
  });

  it('leaves multipart, HTML, other charsets and format=flowed to the full parse', () => {
    for (const type of ['multipart/alternative; boundary=x', 'text/html; charset=utf-8', 'text/plain; charset=iso-8859-1', 'text/plain; charset=utf-8; format=flowed']) {
      expect(plainText(Buffer.from(`Content-Type: ${type}\r\n\r\nhi\r\n`)), type).toBeNull();
      // Folded after the semicolon, as many clients write it.
      const folded = type.replace('; ', ';\r\n ');
      if (folded !== type) expect(plainText(Buffer.from(`Subject: x\r\nContent-Type: ${folded}\r\n\r\nhi\r\n`)), type).toBeNull();
    }
  });
});
