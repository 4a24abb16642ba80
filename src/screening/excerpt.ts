import type { Span } from './types.js';

/** The matched text with up to `context` characters either side, on one line. */
export function excerptOf(text: string, span: Span, context = 40): string {
  const start = Math.max(0, span.start - context);
  const end = Math.min(text.length, span.end + context);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).replace(/\s+/g, ' ').trim()}${end < text.length ? '…' : ''}`;
}

/** True when two spans share at least one character. */
export const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;
