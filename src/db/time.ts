/** Timestamps are stored as integer milliseconds since the epoch (portable to PostgreSQL bigint); the clock is in clock.ts. */
export const toIso = (ms: number): string => new Date(ms).toISOString();

export const toIsoOrNull = (ms: number | null): string | null => (ms === null ? null : toIso(ms));
