/**
 * The relay's one source of time. Services and workers read `clock.now()`; the composition root passes
 * the system clock, and tests pass a clock set to a date of their own, so nothing depends on today.
 * Timestamps are integer milliseconds since the epoch (portable to PostgreSQL bigint).
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that starts at a given instant and runs on at the real pace from there (tests set it, or move it). */
export class SettableClock implements Clock {
  private offset: number;

  constructor(start: Date | string | number) {
    this.offset = new Date(start).getTime() - Date.now();
  }

  now(): number {
    return Date.now() + this.offset;
  }

  /** Moves the clock to `at`; it runs on from there. */
  set(at: Date | string | number): void {
    this.offset = new Date(at).getTime() - Date.now();
  }

  /** Moves the clock forward by `ms`. */
  advance(ms: number): void {
    this.offset += ms;
  }
}
