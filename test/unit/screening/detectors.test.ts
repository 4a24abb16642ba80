import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findAttachmentFlags } from '../../../src/screening/attachments.js';
import { overlapIndex } from '../../../src/screening/excerpt.js';
import { findPhoneNumbersInText } from 'libphonenumber-js/max';
import { findAddresses, findHandles, findPhones, findUrls, handleRules, mayHoldLink, mayHoldPhone, maybeLink } from '../../../src/screening/contact.js';
import { defaultKeywords } from '../../../src/screening/defaults.js';
import { findIdentity } from '../../../src/screening/identity.js';
import { compileRules, findKeywords, matchTerms } from '../../../src/screening/keywords.js';
import { normalize } from '../../../src/screening/normalize.js';
import { screenMessage } from '../../../src/screening/screen.js';
import type { ScreeningInput, ScreeningOptions } from '../../../src/screening/types.js';

const matched = (text: string, flags: { spans: { start: number; end: number }[] }[]) => flags.map((f) => text.slice(f.spans[0]!.start, f.spans[0]!.end));
// A fixed sequence from a seed: the same texts on every run.
const generator = (seed: number) => () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

describe('normalize', () => {
  it('folds case, accents, look-alikes, leetspeak and repeated letters, and maps back', () => {
    for (const s of ['SECRET', 's3cr3t', 'seeecret', 'sécret', 'ѕесrеt', 'S3CR3T!!']) expect(normalize(s).text.trim()).toBe('secret');
    expect(normalize("don't").text).toBe('dont');
    expect(normalize('in 2024').text).toBe('in 2024');
    const n = normalize('a  s3cr3t');
    expect(n.text).toBe('a secret');
    expect(n.index[2]).toBe(3);
  });
  it('reads chat spellings as the words they stand for, wherever they stand, and maps them back', () => {
    expect(normalize('u up?').text).toBe('you up ');
    expect(normalize('dont tell ur mom').text).toBe('dont tel your mom'); // repeated letters fold too
    expect(normalize('see u').text).toBe('se you');
    expect(normalize('Café… u free?').text).toBe('cafe you fre ');
    expect(normalize('after the game, thx!').text).toBe('after the game thanks ');
    expect(normalize('up your game, upper tier').text).toBe('up your game uper tier'); // "up" and "upper" are not "u"
    const n = normalize('see u');
    expect(Array.from(n.index).slice(3)).toEqual([4, 4, 4]); // "you" maps to the "u" it replaced
  });
});

describe('overlapIndex', () => {
  it('says whether a span shares a character with any of the others, as comparing every pair would', () => {
    let seed = 5;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const span = () => {
      const start = Math.floor(random() * 60);
      return { start, end: start + Math.floor(random() * 8) };
    };
    for (let k = 0; k < 300; k++) {
      const spans = Array.from({ length: Math.floor(random() * 12) }, span);
      const index = overlapIndex(spans);
      for (let q = 0; q < 20; q++) {
        const s = span();
        expect(index(s), JSON.stringify({ spans, s })).toBe(spans.some((x) => x.start < s.end && s.start < x.end));
      }
    }
  });
});

describe('phones', () => {
  it('finds national and international numbers', () => {
    const text = 'Call 555 123 4567, or +44 20 7946 0958, or (212) 555-0143, or my cell 555-0100.';
    expect(matched(text, findPhones(text, 'US'))).toEqual(['555 123 4567', '+44 20 7946 0958', '(212) 555-0143', '555-0100']);
    expect(matched('ring me on 07700 900123', findPhones('ring me on 07700 900123', 'GB'))).toEqual(['07700 900123']);
  });
  it('leaves years, dates, times, scores and room numbers alone', () => {
    for (const text of ['Back in 2024 I started', 'on 12/05/2024 at 3:30', 'we won 21-14', 'room 1204', 'page 45 to 67', 'grade 10 in 2025-2026']) {
      expect(findPhones(text, 'US'), text).toEqual([]);
    }
  });
  it('finds the shortest numbers any country has', () => {
    // Niue and Saint Helena numbers have four digits; Germany dials four-digit local numbers too.
    expect(matched('call +683 4002 tonight', findPhones('call +683 4002 tonight', 'US'))).toEqual(['+683 4002']);
    expect(matched('Durchwahl 1738 bitte', findPhones('Durchwahl 1738 bitte', 'DE'))).toEqual(['1738']);
  });
  it('skips the phone library only for text in which it finds nothing, in any country', () => {
    // Text without four digits free of letters between them is not handed to libphonenumber-js: random
    // mixes of digits, separators and letters show that the library finds nothing there either.
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = '0123456789     -+().x/ext#*:;,ab\n';
    let skipped = 0;
    for (let i = 0; i < 3000; i++) {
      let text = '';
      for (let k = 3 + Math.floor(random() * 25); k > 0; k--) text += alphabet[Math.floor(random() * alphabet.length)];
      if (mayHoldPhone(text)) continue;
      skipped++;
      for (const country of ['US', 'GB', 'DE', 'NU', 'SH', 'UY', 'IR'] as const) {
        expect(findPhoneNumbersInText(text, { defaultCountry: country, leniency: 'POSSIBLE' } as { defaultCountry: typeof country }), `${JSON.stringify(text)} in ${country}`).toEqual([]);
      }
    }
    expect(skipped).toBeGreaterThan(2000);
  });
});

describe('urls, addresses, handles', () => {
  it('finds links with or without a scheme', () => {
    const text = 'Try khanacademy.org or https://example.com/x?y=1, mail me@x.org';
    expect(matched(text, findUrls(text))).toEqual(['khanacademy.org', 'https://example.com/x?y=1']);
  });
  it('looks for links in every text the line pattern would look in', () => {
    // mayHoldLink lets findUrls skip a text without a regex at every position: it must say yes
    // wherever the per-line pattern does, on random mixes of name characters, dots and separators.
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pieces = ['a', 'Z', '7', '-', '.', '.', '..', ' ', '\n', ':', '/', '//', 'w', 'ww', 'é', 'Ω', '😀', '中', '_', ',', "'"];
    let links = 0;
    for (let i = 0; i < 10000; i++) {
      let text = '';
      for (let k = 1 + Math.floor(random() * 12); k > 0; k--) text += pieces[Math.floor(random() * pieces.length)];
      if (!maybeLink.test(text)) continue;
      links++;
      expect(mayHoldLink(text), JSON.stringify(text)).toBe(true);
    }
    expect(links).toBeGreaterThan(300);
    expect(mayHoldLink('Lorem ipsum dolor sit amet. Consectetur, 3.5 or so... nothing')).toBe(false);
  });
  it('finds street addresses and postcodes, not ordinary numbers', () => {
    const text = 'I live at 42 Maple Street, flat 3, and the office is SW1A 1AA. My zip is NY 10001.';
    expect(matched(text, findAddresses(text))).toEqual(['42 Maple Street', 'flat 3', 'SW1A 1AA', 'NY 10001']);
    expect(findAddresses('I read 3 chapters and 2 articles on the way')).toEqual([]);
  });
  it('finds apps, "add me on" and @handles, not email addresses', () => {
    const text = 'add me on snap, my insta is @pat.rocks_22 or Discord. email: pat@school.example';
    expect(matched(text, findHandles(text))).toEqual(['add me on', 'my insta', '@pat.rocks_22', 'Discord']);
  });
  it('marks an app named in passing as info, and an account given after its name for review', () => {
    const severities = (text: string) => findHandles(text).map((f) => [text.slice(f.spans[0]!.start, f.spans[0]!.end), f.severity]);
    expect(severities('the cast list went up on instagram this morning')).toEqual([['instagram', 'info']]);
    expect(severities('the club spotify is lincoln_jazz_band, follow it')).toEqual([['spotify is lincoln_jazz_band', 'review']]);
    expect(severities('my github is patcodes42 if u want to see')).toEqual([['github is patcodes42', 'review']]);
  });
  it('finds app names written to slip past a filter, and not inside other words', () => {
    const text = 'find me on SN4PCH4T or whats-app, or Instaaagram; the instant replay was on zoom';
    expect(matched(text, findHandles(text))).toEqual(['find me on', 'SN4PCH4T', 'whats-app', 'Instaaagram', 'zoom']);
  });
});

describe('participant identity', () => {
  const sender = { name: 'Morgan Blake', emails: ['morgan@corp.example'] };
  const recipient = { name: 'Pat Quinlan', emails: ['pat@school.example'] };
  it("flags the participants' own addresses, other aliases and surnames, not first names", () => {
    const text = 'On Mon, Pat Quinlan <pat@school.example> wrote: ask Morgan. Also pair-zzzzzzzzzz@relay.test';
    const flags = findIdentity(text, sender, recipient, 'pair-abcdefghij@relay.test', 'relay.test', true);
    expect(flags.map((f) => f.detail)).toEqual(["recipient's address", "another pair's alias", "recipient's surname"]);
    expect(findIdentity('Thanks Pat! See you, Morgan', sender, recipient, 'pair-abcdefghij@relay.test', 'relay.test', true)).toEqual([]);
  });
});

describe('keywords', () => {
  const rules = compileRules(defaultKeywords);
  it('matches grooming phrases through misspellings and disguises, as urgent', () => {
    for (const text of ['this is our l1ttle s3cret ok', "Don't tell your parents about this", 'lets meeet up on saturday', 'can you s3nd me a pic?', 'DONT TELL ANYONE']) {
      const flags = findKeywords(text, rules);
      expect(flags.length, text).toBeGreaterThan(0);
      expect(flags[0]!.severity).toBe('urgent');
    }
  });
  it('leaves ordinary talk alone', () => {
    for (const text of ["I'll meet the deadline for the essay", 'The secretary at school is nice', 'We met our goals this week', 'Call me Sam, everyone does', 'keep working on the photo project']) {
      expect(findKeywords(text, rules).filter((f) => f.severity === 'urgent'), text).toEqual([]);
    }
  });
  it('marks the span of the matched words in the original text', () => {
    const text = 'Hey, this is our seeecret, ok?';
    expect(matched(text, findKeywords(text, rules))).toEqual(['our seeecret']);
  });
  // The rules the walk is held to: whole words and phrases, substrings, digits, chat spellings.
  const mixed = compileRules([
    { term: 'snap', severity: 'review', wholeWord: true },
    { term: 'snap chat', severity: 'review', wholeWord: true },
    { term: 'kill', severity: 'urgent', wholeWord: false },
    { term: 'ana', severity: 'info', wholeWord: false },
    { term: '007', severity: 'info', wholeWord: true },
    { term: 'dont tell your parents', severity: 'urgent', wholeWord: true },
  ]);
  const terms = (text: string) => matchTerms(text, mixed).map((m) => [m.rule.term, text.slice(m.span.start, m.span.end)]);
  it('finds a whole word or phrase only between spaces or the edges, every phrase that starts there', () => {
    expect(terms('Snap, chat? snapped snapchat; snap')).toEqual([['snap', 'Snap'], ['snap chat', 'Snap, chat'], ['snap', 'snap']]);
    expect(terms('agent 007! 0070 a007')).toEqual([['007', '007']]);
  });
  it('finds a substring inside longer words, left to right without overlapping', () => {
    expect(terms('skill it, killkill and bananas')).toEqual([['kill', 'kill'], ['kill', 'kill'], ['kill', 'kill'], ['ana', 'ana']]);
    expect(terms('anana')).toEqual([['ana', 'ana']]);
  });
  it('reads chat spellings, leetspeak and repeated letters as the words they stand for, and marks what was written', () => {
    expect(terms('ok so d0nt teeell ur parnts, dont tell ur PARENTS!!')).toEqual([['dont tell your parents', 'dont tell ur PARENTS']]);
    expect(terms("Don't   t3ll yr parents")).toEqual([['dont tell your parents', "Don't   t3ll yr parents"]]);
  });
});

describe('attachments', () => {
  it('blocks executables, flags archives, images and size', () => {
    const flags = findAttachmentFlags(
      [
        { filename: 'setup.exe', contentType: 'application/octet-stream', size: 1000 },
        { filename: 'homework.zip', contentType: 'application/zip', size: 1000 },
        { filename: 'me.jpg', contentType: 'image/jpeg', size: 30_000_000 },
        { filename: 'essay.pdf', contentType: 'application/pdf', size: 1000 },
      ],
      10 * 1024 * 1024,
    );
    expect(flags.map((f) => f.detail)).toEqual(['blocked: executable file', 'archive: contents not checked', 'image: take a look', 'large: over 10 MB']);
  });
});

describe('screenMessage', () => {
  const options: ScreeningOptions = { defaultCountry: 'US', flagSurnames: false, keywords: defaultKeywords, maxAttachmentBytes: 10 * 1024 * 1024 };
  const input = (text: string, subject = 'Hello'): ScreeningInput => ({
    subject,
    text,
    attachments: [],
    sender: { name: 'Morgan Mentor', emails: ['morgan@corp.example'] },
    recipient: { name: 'Pat Protege', emails: ['pat@school.example'] },
    alias: 'pair-abcdefghij@relay.test',
    domain: 'relay.test',
  });
  it('finds nothing in an ordinary message', () => {
    expect(screenMessage(input('Hi Pat! Great job on the science fair. How did the presentation go? See you Thursday, Morgan'), options)).toEqual([]);
  });
  it('does not flag the pair’s own alias', () => {
    expect(screenMessage(input('Reply to pair-abcdefghij@relay.test any time'), options)).toEqual([]);
  });
  it('screens the subject too', () => {
    const flags = screenMessage(input('Hi', 'text me 555 123 4567'), options);
    expect(flags.map((f) => [f.type, f.field])).toEqual([
      ['phone', 'subject'],
      ['keyword', 'subject'],
      ['grooming', 'subject'],
    ]);
  });
  it('lists at most 50 flags of a type in a text and counts the rest, keeping their highest severity', () => {
    const numbers = Array.from({ length: 120 }, (_, i) => `555-${String(1000 + i)}`).join(', ');
    const secrets = Array.from({ length: 60 }, () => 'nice weather').join('. ') + '. keep it our secret.';
    const flags = screenMessage(input(`${numbers}. ${secrets}`), options);
    const phones = flags.filter((f) => f.type === 'phone');
    expect(phones).toHaveLength(51);
    expect(phones[50]).toMatchObject({ severity: 'review', spans: [], excerpt: '70 more' });
    expect(flags.filter((f) => f.type === 'keyword').map((f) => f.severity)).toEqual(['urgent']);
    // Past the cap, an urgent match still makes the message urgent.
    const urgent = screenMessage(input(Array.from({ length: 52 }, () => 'our secret').join('; ')), options).filter((f) => f.type === 'keyword');
    expect(urgent).toHaveLength(51);
    expect(urgent[50]).toMatchObject({ severity: 'urgent', excerpt: '2 more' });
  });
  it('tells app names from keywords when one pass finds both', () => {
    const flags = screenMessage(input("add me on snapch4t, it's our secret"), options);
    expect(flags.map((f) => [f.type, f.detail])).toEqual([
      ['handle', 'add me on'],
      ['handle', 'snapch4t'],
      // "add me on" is in the default grooming list too: a handle and an urgent keyword, as two flags.
      ['keyword', 'add me on (private channel)'],
      ['keyword', 'our secret (secrecy)'],
      // The concepts read the same words as what they mean: a secret, and a move to a private channel.
      ['grooming', 'grooming: secrecy'],
      ['grooming', 'grooming: private channel'],
    ]);
  });
  it('marks where a flag is in a text with LF line breaks, across them too', () => {
    const text = "hi\ndon't tell\nyour parents\ncall 555-0100";
    const flags = screenMessage(input(text), { defaultCountry: 'US', flagSurnames: true, keywords: defaultKeywords, maxAttachmentBytes: 1 });
    expect(matched(text, flags.filter((f) => f.type === 'keyword'))).toEqual(["don't tell\nyour parents"]);
  });
});
