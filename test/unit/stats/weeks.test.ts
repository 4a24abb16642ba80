import { describe, expect, it } from 'vitest';
import { parseDay, reportWeeks, weeksBetween, zonedMidnight } from '../../../src/stats/weeks.js';

const day = (s: string) => parseDay('d', s);

describe('weeksBetween', () => {
  it('labels ISO weeks, Monday first, across a year boundary', () => {
    const weeks = weeksBetween(day('2026-12-23'), day('2027-01-05'), 'UTC');
    expect(weeks.map((w) => [w.week, w.weekStart])).toEqual([
      ['2026-W52', '2026-12-21'],
      ['2026-W53', '2026-12-28'],
      ['2027-W01', '2027-01-04'],
    ]);
    expect(weeks[0]!.startMs).toBe(Date.UTC(2026, 11, 21));
    expect(weeks[0]!.endMs - weeks[0]!.startMs).toBe(7 * 86_400_000);
  });

  it("starts weeks at local midnight in the program's time zone, across DST", () => {
    const [w] = weeksBetween(day('2026-03-25'), day('2026-03-25'), 'Europe/Paris');
    expect(w!.weekStart).toBe('2026-03-23');
    expect(new Date(w!.startMs).toISOString()).toBe('2026-03-22T23:00:00.000Z'); // CET, UTC+1
    expect(new Date(w!.endMs).toISOString()).toBe('2026-03-29T22:00:00.000Z'); // CEST, UTC+2
    expect(new Date(zonedMidnight(day('2026-07-01'), 'America/New_York')).toISOString()).toBe('2026-07-01T04:00:00.000Z');
  });
});

describe('reportWeeks', () => {
  it('rejects impossible dates and reversed ranges, naming the field', () => {
    expect(() => parseDay('from', '2026-02-30')).toThrow(/^from: must be a date/);
    expect(() => parseDay('to', '28/11/2026')).toThrow(/^to: must be a date/);
    expect(() => reportWeeks({ from: '2026-12-01', to: '2026-11-01' }, 'UTC', Date.UTC(2026, 11, 2))).toThrow(/^from: must not be after to/);
  });
  it('defaults to the last eight weeks', () => {
    expect(reportWeeks({ to: '2026-11-28' }, 'UTC', Date.UTC(2026, 11, 2))).toHaveLength(8);
    expect(reportWeeks({}, 'UTC', Date.UTC(2026, 10, 28, 12)).at(-1)?.week).toBe('2026-W48');
  });
});
