import { excerptOf } from './excerpt.js';
import { normalize, normalizeTerm, SPACE, type Normalized } from './normalize.js';
import type { Flag, KeywordRule, Span } from './types.js';

export interface CompiledRule extends KeywordRule {
  normalized: string;
}

/** Normalizes each rule's term once; rules whose term normalizes to nothing are dropped. */
export const compileRules = (rules: KeywordRule[]): CompiledRule[] =>
  rules.map((r) => ({ ...r, normalized: normalizeTerm(r.term) })).filter((r) => r.normalized.length > 0);

export interface TermMatch {
  rule: CompiledRule;
  span: Span;
}

/** A trie of the whole-word rules' normalized terms, by character code (normalized text is ASCII). */
interface TrieNode {
  next: (TrieNode | undefined)[];
  /** Rules whose term ends here. */
  ends: CompiledRule[];
}

interface RuleIndex {
  wholeWords: TrieNode;
  substring: CompiledRule[];
}

const newNode = (): TrieNode => ({ next: [], ends: [] });

function indexRules(rules: CompiledRule[]): RuleIndex {
  const wholeWords = newNode();
  const substring: CompiledRule[] = [];
  for (const r of rules) {
    if (!r.wholeWord) {
      substring.push(r);
      continue;
    }
    let node = wholeWords;
    for (let i = 0; i < r.normalized.length; i++) node = node.next[r.normalized.charCodeAt(i)] ??= newNode();
    node.ends.push(r);
  }
  return { wholeWords, substring };
}

const indexes = new WeakMap<CompiledRule[], RuleIndex>();
/** a-z or 0-9: normalized text holds nothing else but spaces. */
const isWordCode = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

/**
 * Where the rules' terms occur in `text`, as spans of the original text, found in its normalized text
 * `n` (normalize.ts: case, accents, look-alikes, leetspeak, repeated letters and chat spellings folded).
 * A whole-word rule needs a space (or the edge) on both sides: from each word's start, a walk down a
 * trie of the terms as far as the text follows it (most words leave it at their first or second
 * letter). A substring rule matches anywhere, left to right without overlapping. Whole-word matches
 * come first, by where they start; then substring matches, rule by rule.
 */
export function matchTerms(text: string, rules: CompiledRule[], n: Normalized = normalize(text)): TermMatch[] {
  let indexed = indexes.get(rules);
  if (!indexed) indexes.set(rules, (indexed = indexRules(rules)));
  const found: TermMatch[] = [];
  const add = (rule: CompiledRule, at: number) => {
    const end = at + rule.normalized.length;
    found.push({ rule, span: spanOf(text, n.index[at]!, end < n.index.length ? n.index[end]! : text.length) });
  };
  const t = n.text;
  for (let at = 0; at < t.length; ) {
    let node: TrieNode | undefined = indexed.wholeWords;
    for (let i = at; node && i <= t.length; i++) {
      const code = i < t.length ? t.charCodeAt(i) : SPACE;
      if (node.ends.length > 0 && !isWordCode(code)) for (const rule of node.ends) add(rule, at);
      node = node.next[code];
    }
    const space = t.indexOf(' ', at);
    if (space < 0) break;
    at = space + 1;
  }
  for (const rule of indexed.substring) {
    for (let at = t.indexOf(rule.normalized); at >= 0; at = t.indexOf(rule.normalized, at + rule.normalized.length)) add(rule, at);
  }
  return found;
}

/**
 * The span of a match starting at `start` in the original text, up to where the next normalized
 * character came from (`stop`), less trailing punctuation and spaces: a folded run ("seeecret") stays
 * inside the span.
 */
function spanOf(text: string, start: number, stop: number): Span {
  while (stop > start + 1 && !/[\p{L}\p{N}]/u.test(text[stop - 1]!)) stop--;
  return { start, end: stop };
}

/** Keyword and phrase matches (matchTerms), as flags. */
export function findKeywords(text: string, rules: CompiledRule[]): Flag[] {
  return keywordFlags(text, matchTerms(text, rules));
}

export function keywordFlags(text: string, matches: TermMatch[]): Flag[] {
  return matches.map(({ rule, span }) => ({
    type: 'keyword',
    severity: rule.severity,
    excerpt: excerptOf(text, span),
    spans: [span],
    detail: rule.category ? `${rule.term} (${rule.category})` : rule.term,
  }));
}
