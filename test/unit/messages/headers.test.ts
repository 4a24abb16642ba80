import { describe, expect, it } from 'vitest';
import { firstAddress, firstMailbox, messageIds, readHeaderInfo, splitMessage } from '../../../src/messages/headers.js';
import { identifySide, senderAddress } from '../../../src/messages/identify.js';

describe('splitMessage', () => {
  it('cuts at the first blank line with either line ending', () => {
    expect(splitMessage(Buffer.from('A: 1\r\n\r\nbody\r\n\r\nmore')).body.toString()).toBe('body\r\n\r\nmore');
    expect(splitMessage(Buffer.from('A: 1\n\nbody')).header.toString()).toBe('A: 1\n');
    expect(splitMessage(Buffer.from('A: 1\r\n')).body.length).toBe(0);
  });

  it('takes whichever blank line comes first when a message mixes line endings', () => {
    expect(splitMessage(Buffer.from('A: 1\n\nbody\r\n\r\nmore')).header.toString()).toBe('A: 1\n');
    expect(splitMessage(Buffer.from('A: 1\r\n\r\nbody\n\nmore')).header.toString()).toBe('A: 1\r\n');
    expect(splitMessage(Buffer.from('A: 1\r\nB: 2\n\n\r\n\r\nbody')).header.toString()).toBe('A: 1\r\nB: 2\n');
  });
});

describe('readHeaderInfo', () => {
  it('reads From, Subject and the Message-IDs from the header only', () => {
    const info = readHeaderInfo(
      Buffer.from(
        'From: =?UTF-8?Q?Zo=C3=AB?= <Zoe@School.Example>\r\nSubject: =?UTF-8?B?SMOpbGxv?=\r\n there\r\nMessage-ID: <a@b>\r\nIn-Reply-To: <c@d>\r\nReferences: <e@f>\r\n <c@d>\r\n\r\nFrom: body@x.example\r\n',
      ),
    );
    expect(info).toEqual({ fromAddress: 'zoe@school.example', subject: 'Héllo there', messageId: 'a@b', inReplyTo: ['c@d'], references: ['e@f', 'c@d'] });
  });
  it('reads 8-bit UTF-8 headers', () => {
    expect(readHeaderInfo(Buffer.from('Subject: Grüße\r\n\r\n')).subject).toBe('Grüße');
  });
});

describe('the From addr-spec', () => {
  it('is parsed before RFC 2047 decoding: an address in an encoded word is display text', () => {
    const raw = (from: string) => Buffer.from(`From: ${from}\r\nSubject: x\r\n\r\n`);
    expect(readHeaderInfo(raw('=?utf-8?q?morgan@corp.example=2C?= <mallory@evil.example>')).fromAddress).toBe('mallory@evil.example');
    expect(readHeaderInfo(raw('=?utf-8?q?morgan=40corp=2Eexample?=')).fromAddress).toBeNull();
    expect(readHeaderInfo(raw('=?utf-8?q?Mor?=\r\n =?utf-8?q?gan?= <Morgan@Corp.Example>')).fromAddress).toBe('morgan@corp.example');
  });
  it('decodes only the display name', () => {
    expect(firstMailbox('=?utf-8?q?morgan@corp.example=2C?= <mallory@evil.example>')).toEqual({ address: 'mallory@evil.example', name: 'morgan@corp.example,' });
    expect(firstMailbox('=?UTF-8?Q?Zo=C3=AB?= <zoe@school.example>')).toEqual({ address: 'zoe@school.example', name: 'Zoë' });
  });
});

describe('addresses and IDs', () => {
  it('takes the first mailbox of a From, groups included', () => {
    expect(firstAddress('Friends: "A, B" <a@x.example>, b@y.example;')).toBe('a@x.example');
    expect(firstAddress('undisclosed-recipients:;')).toBeNull();
    expect(firstAddress(null)).toBeNull();
  });
  it('reads bracketed and bare Message-IDs', () => {
    expect(messageIds('<a@b> <c@d>')).toEqual(['a@b', 'c@d']);
    expect(messageIds('bare@id.example')).toEqual(['bare@id.example']);
    expect(messageIds('')).toEqual([]);
  });
});

describe('identifySide', () => {
  const pair = { mentorId: 1, protegeId: 2 };
  it('finds the direction from the sender', () => {
    expect(identifySide(pair, 1)).toEqual({ direction: 'mentor_to_protege', senderId: 1, recipientId: 2 });
    expect(identifySide(pair, 2)).toEqual({ direction: 'protege_to_mentor', senderId: 2, recipientId: 1 });
  });
  it('refuses anyone else', () => {
    expect(identifySide(pair, 3)).toBeNull();
    expect(identifySide(pair, null)).toBeNull();
  });
  it('uses the header From before the envelope', () => {
    expect(senderAddress('a@x.example', 'b@y.example')).toBe('a@x.example');
    expect(senderAddress(null, 'B@Y.example')).toBe('b@y.example');
    expect(senderAddress(null, '')).toBeNull();
  });
});

describe('countAttachments', () => {
  it('counts parts marked as attachments, across window and part boundaries', async () => {
    const { countAttachments, toRawMessage } = await import('../../../src/messages/archive.js');
    const part = (name: string) => `--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="${name}"\r\n\r\nJVBERi0=\r\n`;
    const inline = '--b\r\nContent-Type: image/png\r\ncontent-disposition: inline; filename="logo.png"\r\n\r\niVBOR\r\n';
    const text = '--b\r\nContent-Type: text/plain\r\nContent-Disposition: inline\r\n\r\nhello\r\n';
    const filler = `${'x'.repeat(76)}\r\n`.repeat(20_000); // 1.5 MB: windows and 1 MiB parts fall inside
    const raw = Buffer.from(`Content-Type: multipart/mixed; boundary="b"\r\n\r\n${text}${part('a.pdf')}${filler}${part('b.pdf')}${inline}${filler}${part('c.pdf')}--b--\r\n`);
    expect(countAttachments(toRawMessage(raw))).toBe(4);
    expect(countAttachments(toRawMessage(Buffer.from('Subject: none\r\n\r\nJust text, no files.\r\n')))).toBe(0);
  });
});
