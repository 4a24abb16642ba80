import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findConcepts } from '../../../src/screening/concepts.js';
import { defaultKeywords } from '../../../src/screening/defaults.js';
import { compileRules, screenMessage } from '../../../src/screening/screen.js';

const kinds = (text: string, role?: 'mentor' | 'protege') => findConcepts(text, role).map((f) => `${f.type}/${f.category}/${f.severity}`);

describe('grooming and disclosure concepts', () => {
  it('reads what the words mean, however they are spelt', () => {
    expect(kinds('pls dont tel ur mum about our chats ok', 'mentor')).toContain('grooming/secrecy/urgent');
    expect(kinds('Its easier on whatsapp, i can send u the link', 'mentor')).toContain('grooming/private channel/urgent');
    expect(kinds('I could pick you up after practice on friday', 'mentor')).toContain('grooming/meeting offline/urgent');
    expect(kinds('sometimes i burn myself when it gets too much', 'protege')).toEqual(['disclosure/self-harm/urgent']);
    expect(kinds('my stepdad grabbed me by the arm last night', 'protege')).toEqual(['disclosure/abuse at home/urgent']);
  });

  it('reads past words that only add emphasis, and finds a pattern wherever its first word stands', () => {
    expect(kinds('honestly u dont even really need them anymore', 'mentor')).toContain('grooming/isolation/urgent');
    expect(kinds('ugh this portal is so slow, could we literally just zoom instead', 'protege')).toContain('grooming/private channel/urgent');
    expect(kinds('my mom keeps saying i am a mistake. tells me im worthless', 'protege')).toEqual(['disclosure/abuse at home/urgent']);
    // Two concepts in one sentence, each flagged once, with its own words marked.
    const text = 'Lol ok but tell your mom youre at a friends and ill drive';
    const flags = findConcepts(text, 'mentor');
    expect(flags.map((f) => [f.category, text.slice(f.spans[0]!.start, f.spans[0]!.end)])).toEqual([
      ['secrecy', 'tell your mom youre at'],
      ['meeting offline', 'ill drive'],
    ]);
  });

  it('marks where in the text, as the reviewer sees it', () => {
    const text = 'Great job on the poster!\nAlso, DON’T tell your parents, ok?';
    const [flag] = findConcepts(text, 'mentor');
    expect(text.slice(flag!.spans[0]!.start, flag!.spans[0]!.end)).toBe('DON’T tell your parents');
  });

  it('weighs the same words by who writes them', () => {
    expect(kinds('you are so mature for your age', 'mentor')).toEqual(['grooming/flattery/urgent']);
    expect(kinds('you are so mature for your age', 'protege')).toEqual(['grooming/flattery/review']);
    expect(kinds('when I was your age my dad hit me', 'mentor')).toEqual(['disclosure/abuse at home/review']);
  });

  it('leaves ordinary mentoring talk alone', () => {
    for (const text of [
      'See you at the career fair the program runs on Friday.',
      'The drama club posted the cast list on instagram and I got the lead!',
      'Keep the essay short: 500 words is plenty.',
      'That test was killing me, but I passed.',
      'Send me the draft when it is ready and I will read it tonight.',
    ]) {
      expect(kinds(text, 'mentor'), text).toEqual([]);
    }
  });
});

interface Case {
  id: string;
  side: 'mentor' | 'protege';
  subject: string;
  text: string;
  expect: 'none' | 'review' | 'urgent';
}

// Messages written for this project by people who had not seen the detectors (see the README,
// Screening): a floor under what screening achieved when it was last tuned, so a change that loses
// ground here fails. The phrase patterns were tuned on the first set and on the odd-numbered halves
// of the second and third; the learned detector learned from all four (the README gives the figures
// of each set left out).
const floors = [
  { file: 'independent.jsonl', urgent: 0.9, recall: 0.8, falseFlags: 0.15 },
  { file: 'independent-2.jsonl', urgent: 0.7, recall: 0.7, falseFlags: 0.12 },
  { file: 'independent-3.jsonl', urgent: 0.7, recall: 0.7, falseFlags: 0.12 },
  { file: 'independent-4.jsonl', urgent: 0.7, recall: 0.7, falseFlags: 0.15 },
];
describe.each(floors)('screening over the independently written set $file', ({ file, ...floor }) => {
  const cases = readFileSync(fileURLToPath(new URL(`../../fixtures/screening/${file}`, import.meta.url)), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Case);
  const options = { defaultCountry: 'US', flagSurnames: true, keywords: defaultKeywords, maxAttachmentBytes: 10 * 1024 * 1024 };
  const rules = compileRules(defaultKeywords);
  const mentor = { name: 'Morgan Lee', emails: ['morgan.lee@acme-corp.example'] };
  const protege = { name: 'Pat Rivera', emails: ['pat.rivera@lincoln-high.example'] };
  const results = cases.map((c) => {
    const flags = screenMessage(
      { subject: c.subject, text: c.text, attachments: [], sender: c.side === 'mentor' ? mentor : protege, recipient: c.side === 'mentor' ? protege : mentor, senderRole: c.side, alias: 'pair-abcdefghij@relay.test', domain: 'relay.test' },
      options,
      rules,
    );
    return { c, flagged: flags.some((f) => f.severity !== 'info'), urgent: flags.some((f) => f.severity === 'urgent') };
  });
  const rate = (rows: typeof results, hit: (r: (typeof results)[number]) => boolean) => rows.filter(hit).length / rows.length;

  it('finds most of what a safeguarding lead needs, and flags little ordinary talk', () => {
    const urgent = results.filter((r) => r.c.expect === 'urgent');
    const risky = results.filter((r) => r.c.expect !== 'none');
    const ordinary = results.filter((r) => r.c.expect === 'none');
    expect(rate(urgent, (r) => r.urgent), 'urgent recall').toBeGreaterThanOrEqual(floor.urgent);
    expect(rate(risky, (r) => r.flagged), 'recall').toBeGreaterThanOrEqual(floor.recall);
    expect(rate(ordinary, (r) => r.flagged), 'false-flag rate').toBeLessThanOrEqual(floor.falseFlags);
  });
});
