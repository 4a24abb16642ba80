import type { Span } from './types.js';

/** The matched text with up to `context` characters either side, on one line. */
export function excerptOf(text: string, span: Span, context = 40): string {
  const start = Math.max(0, span.start - context);
  const end = Math.min(text.length, span.end + context);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).replace(/\s+/g, ' ').trim()}${end < text.length ? '…' : ''}`;
}

/**
 * Whether a span shares a character with any of `spans`, answered by binary search after one sort: a hostile text of
 * tens of thousands of matches would otherwise compare every pair (seconds per message).
 */
export function overlapIndex(spans: Span[]): (span: Span) => boolean {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const starts = sorted.map((s) => s.start);
  // The furthest end among the spans up to each one.
  const reach: number[] = [];
  for (const s of sorted) reach.push(Math.max(s.end, reach[reach.length - 1] ?? s.end));
  return (span) => {
    // The spans that start before `span` ends; one of them overlaps it when the furthest reaches past its start.
    const before = countBelow(starts, span.end);
    return before > 0 && reach[before - 1]! > span.start;
  };
}

/** How many of the ascending numbers `sorted` are below `value` (binary search). */
export function countBelow(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
