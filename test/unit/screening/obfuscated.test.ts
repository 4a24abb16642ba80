import { describe, expect, it } from 'vitest';
import { findSpelledEmails, findSpelledPhones } from '../../../src/screening/obfuscated.js';

const details = (text: string) => [...findSpelledEmails(text), ...findSpelledPhones(text)].map((f) => `${f.type} ${f.detail}`);

describe('contact details written so a filter misses them', () => {
  it('reads addresses with at and dot in words, in brackets, or with spaces around them', () => {
    expect(details('you can reach me: sam dot lee at webmail dot net')).toEqual(['email sam.lee@webmail.net (written out)']);
    expect(details('write to jo (at) school-mail [dot] org')).toEqual(['email jo@school-mail.org (written out)']);
    expect(details('its ab12 @ mailbox . com without the spaces')).toEqual(['email ab12@mailbox.com (written out)']);
  });

  it('reads phone numbers in number words or in digits spaced one by one', () => {
    expect(details('ring me on two one two, five five five, oh nine eight seven')).toEqual(['phone 2125550987 (written out)']);
    expect(details('its 6 4 6 - 5 5 5 - 0 1 9 9 ok')).toEqual(['phone 6465550199 (written out)']);
    // Pairs of digits said as numbers, and groups of digits beside digits spaced out.
    expect(details('my desk: six one seven, two oh nine, thirty-one eighteen')).toEqual(['phone 6172093118 (written out)']);
    expect(details('the front office is 212 - 0 4 7 7, ask for Ana')).toEqual(['phone 2120477 (written out)']);
    expect(details('rooms 101, 204 and 330 on the 3rd floor')).toEqual([]);
  });

  it('leaves sentences that only look like them alone', () => {
    for (const text of ['We met at the library at noon.', 'Look at this dot on the map.', 'sam@webmail.net is my work address', 'The years 2024 2025 2026 2027 2028 2029 were busy', 'one or two ideas, three maybe four, five six seven']) {
      expect(details(text), text).toEqual([]);
    }
  });
});
