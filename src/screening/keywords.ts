import { excerptOf } from './excerpt.js';
import { normalize, normalizeTerm, SPACE, type Normalized } from './normalize.js';
import { automatonOf, scan } from './term-automaton.js';
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

/**
 * Where the rules' terms occur in `text`, after normalization (see normalize.ts), as spans of the
 * original text. A whole-word rule needs a non-word character (or the edge) on both sides; a substring
 * rule matches anywhere, its occurrences taken left to right without overlapping. Also says whether the
 * text holds an ASCII digit (phone numbers and street addresses need one), which the same pass sees.
 *
 * One pass folds the text and runs it through an automaton of all the terms at once, without building
 * the normalized text; with whole-word rules only, the automaton knows each term's chat spellings too.
 * With a substring rule in the list, a text with a chat spelling ("ur", "u") is matched on its
 * normalized text instead (matchNormalized), where the spellings are spelled out first.
 */
export function scanTerms(text: string, rules: CompiledRule[]): { matches: TermMatch[]; digits: boolean } {
  const a = automatonOf(rules);
  const { found, digits, slangSeen } = scan(text, a);
  if (slangSeen) return { matches: matchNormalized(text, rules, normalize(text)), digits };
  // In the order matchNormalized gives: whole-word matches by where they start, then where they end,
  // then by rule; then substring matches rule by rule.
  const whole = found.filter((f) => a.patterns[f.pattern]!.whole).sort((x, y) => x.start - y.start || x.stop - y.stop || x.pattern - y.pattern);
  const partial = found.filter((f) => !a.patterns[f.pattern]!.whole).sort((x, y) => x.pattern - y.pattern || x.start - y.start);
  return { matches: [...whole, ...partial].map((f) => ({ rule: a.patterns[f.pattern]!.rule!, span: spanOf(text, f.start, f.stop) })), digits };
}

/** The rules' matches in `text` (scanTerms). */
export const matchTerms = (text: string, rules: CompiledRule[]): TermMatch[] => scanTerms(text, rules).matches;

/**
 * The span of a match starting at `start` in the original text, up to where the next normalized
 * character came from (`stop`), less trailing punctuation and spaces: a folded run ("seeecret") stays
 * inside the span.
 */
function spanOf(text: string, start: number, stop: number): Span {
  while (stop > start + 1 && !/[\p{L}\p{N}]/u.test(text[stop - 1]!)) stop--;
  return { start, end: stop };
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
 * The rules' matches found in the normalized text `n` of `text`: for a text whose chat spellings
 * normalize() has spelled out, and the reference the automaton is tested against.
 */
export function matchNormalized(text: string, rules: CompiledRule[], n: Normalized): TermMatch[] {
  let indexed = indexes.get(rules);
  if (!indexed) indexes.set(rules, (indexed = indexRules(rules)));
  const found: TermMatch[] = [];
  const add = (rule: CompiledRule, at: number) => {
    const end = at + rule.normalized.length;
    found.push({ rule, span: spanOf(text, n.index[at]!, end < n.index.length ? n.index[end]! : text.length) });
  };
  const t = n.text;
  // From each word's start, walk the trie as far as the text follows it: most words leave it at their
  // first or second letter. A term matches where it ends at a word's end (a space or the text's end).
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
