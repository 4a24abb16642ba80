import { describe, expect, it } from 'vitest';
import { checkInDueAt, checkInsDue, kindText, summaryText } from '../../../src/program/communication.model.js';
import { DomainError } from '../../../src/errors.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 25, 10);
const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof DomainError ? `${err.kind} ${err.field}` : String(err);
  }
  return 'no error';
};

describe('checkInDueAt', () => {
  it('is the interval after the last check-in, or after the first open pair started when there was none', () => {
    const started = Date.UTC(2026, 8, 1, 9);
    expect(checkInDueAt({ lastCheckInAt: null, pairStartedAt: started }, 30)).toBe(Date.UTC(2026, 9, 1, 9));
    expect(checkInDueAt({ lastCheckInAt: Date.UTC(2026, 10, 15), pairStartedAt: started }, 30)).toBe(Date.UTC(2026, 11, 15));
    expect(checkInDueAt({ lastCheckInAt: Date.UTC(2026, 10, 15), pairStartedAt: started }, 7)).toBe(Date.UTC(2026, 10, 22));
    // Across the end of February in a leap year: whole days, not calendar months.
    expect(checkInDueAt({ lastCheckInAt: Date.UTC(2028, 1, 10), pairStartedAt: started }, 30)).toBe(Date.UTC(2028, 2, 11));
  });
});

describe('checkInsDue', () => {
  const people = [
    { personId: 1, lastCheckInAt: NOW - 40 * DAY, pairStartedAt: NOW - 100 * DAY },
    { personId: 2, lastCheckInAt: NOW - 10 * DAY, pairStartedAt: NOW - 100 * DAY },
    { personId: 3, lastCheckInAt: null, pairStartedAt: NOW - 5 * DAY },
    { personId: 4, lastCheckInAt: null, pairStartedAt: NOW - 30 * DAY },
    { personId: 5, lastCheckInAt: NOW - 40 * DAY, pairStartedAt: NOW - 50 * DAY },
  ];

  it('lists everyone by due date, soonest first, ties by person id', () => {
    const all = checkInsDue(people, { days: 30, now: NOW, overdueOnly: false });
    expect(all.map((c) => [c.personId, (c.dueAt - NOW) / DAY])).toEqual([
      [1, -10],
      [5, -10],
      [4, 0],
      [2, 20],
      [3, 25],
    ]);
  });

  it('keeps only those due by now when asked for the overdue ones (due exactly now counts)', () => {
    expect(checkInsDue(people, { days: 30, now: NOW, overdueOnly: true }).map((c) => c.personId)).toEqual([1, 5, 4]);
    expect(checkInsDue(people, { days: 30, now: NOW - 1, overdueOnly: true }).map((c) => c.personId)).toEqual([1, 5]);
    expect(checkInsDue(people, { days: 45, now: NOW, overdueOnly: true })).toEqual([]);
  });
});

describe('summaryText and kindText', () => {
  it('keeps line breaks in a summary and removes every other control character', () => {
    expect(summaryText('  Talked about\r\nthe science fair\u001b[2J\u0007.\n\nAll\tgood  ')).toBe('Talked about\nthe science fair[2J.\n\nAll good');
    expect(fieldOf(() => summaryText(' \n\u0000 '))).toBe('invalid summary');
    expect(fieldOf(() => summaryText('x'.repeat(4001)))).toBe('invalid summary');
    expect(summaryText('x'.repeat(4000))).toHaveLength(4000);
  });

  it('lower-cases a kind, collapses its spaces, takes blank as none, refuses one over 40 characters', () => {
    expect(kindText(' Check-In ')).toBe('check-in');
    expect(kindText('Parent   Call')).toBe('parent call');
    expect(kindText(undefined)).toBeNull();
    expect(kindText('   ')).toBeNull();
    expect(fieldOf(() => kindText('k'.repeat(41)))).toBe('invalid kind');
    expect(fieldOf(() => kindText('a\u001bb'))).toBe('invalid kind');
  });
});
