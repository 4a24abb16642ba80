import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/errors.js';
import { normalizePhone, relationshipText } from '../../../src/program/guardian.model.js';

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof DomainError ? `${err.kind} ${err.field}` : String(err);
  }
  return 'no error';
};

describe('normalizePhone', () => {
  it('writes a valid number in E.164, reading one without a country code in the default country', () => {
    expect(normalizePhone('phone', '(415) 555-0132', 'US')).toBe('+14155550132');
    expect(normalizePhone('phone', '+44 20 7946 0958', 'US')).toBe('+442079460958');
    expect(normalizePhone('phone', '020 7946 0958', 'GB')).toBe('+442079460958');
  });

  it('refuses what is not a valid number, naming the field', () => {
    for (const bad of ['555-01', '12', 'call me', 'after 5: 415 555 0132', '020 7946 0958']) expect(fieldOf(() => normalizePhone('phone', bad, 'US')), bad).toBe('invalid phone');
  });
});

describe('relationshipText', () => {
  it('is plain text of at most 50 characters', () => {
    expect(relationshipText('  foster   mother ')).toBe('foster mother');
    expect(fieldOf(() => relationshipText('mother\nfather'))).toBe('invalid relationship');
    expect(fieldOf(() => relationshipText('m'.repeat(51)))).toBe('invalid relationship');
  });
});
