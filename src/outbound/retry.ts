/**
 * Failure classes as zone-mta draws them: a reply of 500 or more is permanent; no reply at all
 * (socket error, timeout, refused connection) or a 4xx reply is temporary and retried.
 */
export function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500;
}

/** Exponential backoff: base, 2×base, 4×base ... capped at max. `attempt` counts from 1. */
export function retryDelay(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 30));
}

/** A short description of a delivery failure for the audit trail and the API. */
export function describeFailure(err: unknown): string {
  const e = err as { responseCode?: number; response?: string; code?: string; message?: string };
  if (typeof e?.responseCode === 'number') return (e.response ?? `${e.responseCode} ${e.message ?? ''}`).trim();
  return [e?.code, e?.message].filter(Boolean).join(': ') || String(err);
}
