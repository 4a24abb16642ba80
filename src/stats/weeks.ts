import { invalid } from '../errors.js';

export interface Week {
  /** ISO 8601 week, e.g. `2026-W48`. */
  week: string;
  /** The Monday the week starts on, `YYYY-MM-DD`, in the program's time zone. */
  weekStart: string;
  /** The week as an instant range [startMs, endMs): local midnight Monday to local midnight next Monday. */
  startMs: number;
  endMs: number;
}

const DAY = 86_400_000;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD` into a UTC-midnight day number; throws naming the field when it is not a real date. */
export function parseDay(field: string, value: string): number {
  const m = datePattern.exec(value);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw invalid(field, `must be a date as YYYY-MM-DD (got ${JSON.stringify(value)})`);
  }
  return ms;
}

const formatDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

/** The weekday and the hour (0-23) at an instant in a time zone: when a scheduled mail is due. */
export function localDayAndHour(timeZone: string, at: number): { day: Weekday; hour: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long', hour: 'numeric', hourCycle: 'h23' }).formatToParts(at);
  return { day: parts.find((p) => p.type === 'weekday')!.value.toLowerCase() as Weekday, hour: Number(parts.find((p) => p.type === 'hour')!.value) };
}

/** The calendar date today in a time zone, `YYYY-MM-DD`. */
export function today(timeZone: string, at: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** ISO week label of the week starting on a Monday (UTC-midnight ms of the calendar date). */
function isoWeek(mondayMs: number): string {
  const thursday = new Date(mondayMs + 3 * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** One formatter per time zone: making one costs far more than using it. */
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of a time zone from UTC at an instant, in ms. */
function zoneOffset(ms: number, timeZone: string): number {
  const parts = formatterOf(timeZone).formatToParts(ms);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(ms / 1000) * 1000;
}

/** The instant of local midnight at the start of a calendar date in a time zone. */
export function zonedMidnight(dayMs: number, timeZone: string): number {
  const first = dayMs - zoneOffset(dayMs, timeZone);
  return dayMs - zoneOffset(first, timeZone);
}

/** Every ISO week (Monday to Sunday, in the time zone) that overlaps the calendar dates [from, to]. */
export function weeksBetween(fromDay: number, toDay: number, timeZone: string): Week[] {
  const weekday = (new Date(fromDay).getUTCDay() + 6) % 7; // Monday = 0
  const weeks: Week[] = [];
  for (let monday = fromDay - weekday * DAY; monday <= toDay; monday += 7 * DAY) {
    weeks.push({ week: isoWeek(monday), weekStart: formatDay(monday), startMs: zonedMidnight(monday, timeZone), endMs: zonedMidnight(monday + 7 * DAY, timeZone) });
  }
  return weeks;
}

/** The weeks a report covers; `to` defaults to today (at `now`) and `from` to seven weeks before it. */
export function reportWeeks(range: { from?: string; to?: string }, timeZone: string, now: number): Week[] {
  const toDay = parseDay('to', range.to ?? today(timeZone, now));
  const fromDay = range.from ? parseDay('from', range.from) : toDay - 7 * 7 * DAY;
  if (fromDay > toDay) throw invalid('from', 'must not be after to');
  if (toDay - fromDay > 366 * 5 * DAY) throw invalid('from', 'a report covers at most five years');
  return weeksBetween(fromDay, toDay, timeZone);
}
