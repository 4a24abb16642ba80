import { excerptOf } from './excerpt.js';
import { normalize, normalizeTerm } from './normalize.js';
import type { Flag, KeywordRule } from './types.js';

export interface CompiledRule extends KeywordRule {
  normalized: string;
}

/** Normalizes each rule's term once; rules whose term normalizes to nothing are dropped. */
export const compileRules = (rules: KeywordRule[]): CompiledRule[] =>
  rules.map((r) => ({ ...r, normalized: normalizeTerm(r.term) })).filter((r) => r.normalized.length > 0);

const wordChar = /[a-z0-9]/;

/**
 * Keyword and phrase matches after normalization (see normalize.ts), mapped back to spans of the
 * original text. A whole-word rule needs a non-word character (or the edge) on both sides.
 */
export function findKeywords(text: string, rules: CompiledRule[]): Flag[] {
  const n = normalize(text);
  const flags: Flag[] = [];
  for (const rule of rules) {
    let from = 0;
    for (;;) {
      const at = n.text.indexOf(rule.normalized, from);
      if (at < 0) break;
      from = at + 1;
      const end = at + rule.normalized.length;
      if (rule.wholeWord && (wordChar.test(n.text[at - 1] ?? ' ') || wordChar.test(n.text[end] ?? ' '))) continue;
      const start = n.index[at]!;
      // The original text up to where the next normalized character came from, less trailing
      // punctuation and spaces: a folded run ("seeecret") stays inside the span.
      let stop = end < n.index.length ? n.index[end]! : text.length;
      while (stop > start + 1 && !/[\p{L}\p{N}]/u.test(text[stop - 1]!)) stop--;
      const span = { start, end: stop };
      flags.push({ type: 'keyword', severity: rule.severity, excerpt: excerptOf(text, span), spans: [span], detail: rule.category ? `${rule.term} (${rule.category})` : rule.term });
      from = end;
    }
  }
  return flags;
}
