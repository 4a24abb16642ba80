import { describe, expect, it } from 'vitest';
import { findLearned, LEARNED_CHARS, type Model } from '../../../src/screening/model.js';
import { normalize } from '../../../src/screening/normalize.js';
import { defaultKeywords } from '../../../src/screening/defaults.js';
import { compileRules, screenMessage } from '../../../src/screening/screen.js';

// A small model whose every weight is known: "quiet" and "our plan" count against a message, "plan"
// only from a mentor; the second model calls "hurt" a disclosure.
const model: Model = {
  urgent: { bias: -2, threshold: 0, weights: { quiet: [1.5, 0, 0], 'our plan': [1, 0, 0], plan: [0, 1, -1], hurt: [2.5, 0, 0] } },
  disclosure: { bias: 0, threshold: 0, weights: { hurt: [1, 0, 0], quiet: [-1, 0, 0] } },
};
const learned = (text: string, role: 'mentor' | 'protege' = 'mentor') => findLearned(text, normalize(text), role, model);
const marked = (text: string, role: 'mentor' | 'protege' = 'mentor') => learned(text, role).flatMap((f) => f.spans.map((s) => text.slice(s.start, s.end)));

describe('the learned detector', () => {
  it('flags a window whose words score above the threshold, and marks its highest sentence', () => {
    const text = 'Great essay today. Keep QUIET about our plan, ok? See you Monday.';
    expect(learned(text)).toMatchObject([{ type: 'grooming', severity: 'urgent' }]);
    expect(marked(text)).toEqual(['Keep QUIET about our plan, ok']);
    expect(learned('Great essay today. See you Monday.')).toEqual([]);
  });

  it('weighs the same words by who writes them', () => {
    // quiet 1.5 + our plan 1 + plan (mentor +1, protégé −1) − 2: 1.5 from a mentor, −0.5 from a protégé.
    expect(learned('quiet, our plan', 'mentor')).toHaveLength(1);
    expect(learned('quiet, our plan', 'protege')).toEqual([]);
  });

  it('says disclosure or grooming as the second model says', () => {
    expect(learned('it hurt again last night', 'protege')).toMatchObject([{ type: 'disclosure' }]);
    expect(learned('stay quiet about our plan', 'mentor')).toMatchObject([{ type: 'grooming' }]);
  });

  it('counts a word once in a window, however often it is written', () => {
    expect(learned('quiet quiet. quiet! quiet?')).toEqual([]);
  });

  it('reads a long text window by window, up to its limit', () => {
    const filler = 'We went through the reading list and the outline of the essay. ';
    const early = `${filler.repeat(40)}It hurt again last night. ${filler.repeat(40)}`;
    expect(marked(early, 'protege')).toEqual(['It hurt again last night']);
    const late = `${filler.repeat(Math.ceil(LEARNED_CHARS / filler.length) + 10)}It hurt again last night.`;
    expect(learned(late, 'protege')).toEqual([]);
  });
});

describe('the learned detector in screening', () => {
  const options = { defaultCountry: 'US', flagSurnames: true, keywords: defaultKeywords, maxAttachmentBytes: 1, model };
  const input = (text: string) => ({
    subject: 'Hi',
    text,
    attachments: [],
    sender: { name: 'Morgan Lee', emails: ['morgan@corp.example'] },
    recipient: { name: 'Pat Rivera', emails: ['pat@school.example'] },
    senderRole: 'mentor' as const,
    alias: 'pair-abcdefghij@relay.test',
    domain: 'relay.test',
  });
  it('speaks only where no phrase pattern found grooming or a disclosure', () => {
    const types = (text: string) => screenMessage(input(text), options, compileRules(defaultKeywords)).map((f) => `${f.type} ${f.detail}`);
    expect(types('keep quiet about our plan')).toEqual(['grooming grooming: worded like the grooming screening learned from (no listed phrase)']);
    // A secret the patterns know: their flag, with its category, and not a second one from the model.
    expect(types("keep quiet about our plan, it's our little secret").filter((t) => t.startsWith('grooming'))).toEqual(['grooming grooming: secrecy']);
  });
});
