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

/** Rules grouped by the first word of their normalized term, for one pass over the text. */
export function indexRules(rules: CompiledRule[]): { byFirstWord: Map<string, CompiledRule[]>; substring: CompiledRule[] } {
  const byFirstWord = new Map<string, CompiledRule[]>();
  const substring: CompiledRule[] = [];
  for (const r of rules) {
    if (!r.wholeWord) {
      substring.push(r);
      continue;
    }
    const first = r.normalized.split(' ')[0]!;
    byFirstWord.set(first, [...(byFirstWord.get(first) ?? []), r]);
  }
  return { byFirstWord, substring };
}

const indexes = new WeakMap<CompiledRule[], ReturnType<typeof indexRules>>();

/**
 * Keyword and phrase matches after normalization (see normalize.ts), mapped back to spans of the
 * original text. A whole-word rule needs a non-word character (or the edge) on both sides; whole-word
 * rules are found in one pass, word by word, the others with a search each.
 */
export function findKeywords(text: string, rules: CompiledRule[]): Flag[] {
  const n = normalize(text);
  let indexed = indexes.get(rules);
  if (!indexed) indexes.set(rules, (indexed = indexRules(rules)));
  const flags: Flag[] = [];
  const add = (rule: CompiledRule, at: number) => {
    const end = at + rule.normalized.length;
    const start = n.index[at]!;
    // The original text up to where the next normalized character came from, less trailing
    // punctuation and spaces: a folded run ("seeecret") stays inside the span.
    let stop = end < n.index.length ? n.index[end]! : text.length;
    while (stop > start + 1 && !/[\p{L}\p{N}]/u.test(text[stop - 1]!)) stop--;
    const span = { start, end: stop };
    flags.push({ type: 'keyword', severity: rule.severity, excerpt: excerptOf(text, span), spans: [span], detail: rule.category ? `${rule.term} (${rule.category})` : rule.term });
  };
  const t = n.text;
  for (let at = 0; at < t.length; ) {
    let wordEnd = t.indexOf(' ', at);
    if (wordEnd < 0) wordEnd = t.length;
    for (const rule of indexed.byFirstWord.get(t.slice(at, wordEnd)) ?? []) {
      const end = at + rule.normalized.length;
      if (t.startsWith(rule.normalized, at) && !wordChar.test(t[end] ?? ' ')) add(rule, at);
    }
    at = wordEnd + 1;
  }
  for (const rule of indexed.substring) {
    for (let at = t.indexOf(rule.normalized); at >= 0; at = t.indexOf(rule.normalized, at + rule.normalized.length)) add(rule, at);
  }
  return flags;
}
