// The keyword scan's automaton: every term of a rule list in one Aho-Corasick automaton over folded
// text, and the pass that folds a text and runs it through (see scanTerms in keywords.ts).
import type { CompiledRule } from './keywords.js';
import { asciiFold, DROP, foldCodePoint, LEET, leetAt, slang } from './normalize.js';

/** Normalized text holds 37 symbols: the space, a-z, 0-9, in that order. */
const SYMBOLS = 37;
const SPACE_SYMBOL = 0;
const LAST_LETTER = 26;
const FIRST_DIGIT = 27;
const symbolOf = new Uint8Array(128);
for (let c = 97; c <= 122; c++) symbolOf[c] = c - 96;
for (let c = 48; c <= 57; c++) symbolOf[c] = FIRST_DIGIT + c - 48;
const DROP_SYMBOL = -1;
const LEET_SYMBOL = -2;
/** What each ASCII character reads as when its neighbours do not matter: asciiFold, as symbols. */
const asciiSymbol = Int8Array.from(asciiFold, (c) => (c === DROP ? DROP_SYMBOL : c === LEET ? LEET_SYMBOL : symbolOf[c]!));

export interface Pattern {
  /** null for a chat spelling: finding one sends the text down the normalized path. */
  rule: CompiledRule | null;
  /** The term's normalized length (without the spaces a whole-word pattern has around it). */
  length: number;
  whole: boolean;
}

/**
 * An Aho-Corasick automaton over normalized text, as a full transition table: `delta[state + symbol]`,
 * where a state is its number times SYMBOLS (so that the step is one addition and one load). A whole-word term is the pattern " term " (the text reads as if a space stood before its
 * start and after its end), a substring term the pattern "term"; chat spellings are whole words too.
 */
export interface Automaton {
  delta: Int32Array;
  /** 1 where patterns end at a state (by state), and which ones (through fallback links too; by state number). */
  ends: Uint8Array;
  outputs: (number[] | undefined)[];
  patterns: Pattern[];
  /** The state after the space that stands before the text. */
  start: number;
}

const automata = new WeakMap<CompiledRule[], Automaton>();

export function automatonOf(rules: CompiledRule[]): Automaton {
  let a = automata.get(rules);
  if (!a) automata.set(rules, (a = buildAutomaton(rules)));
  return a;
}

function buildAutomaton(rules: CompiledRule[]): Automaton {
  const patterns: Pattern[] = [];
  const words: string[] = [];
  for (const rule of rules) {
    patterns.push({ rule, length: rule.normalized.length, whole: rule.wholeWord });
    words.push(rule.wholeWord ? ` ${rule.normalized} ` : rule.normalized);
  }
  for (const spelling of slang.keys()) {
    patterns.push({ rule: null, length: spelling.length, whole: true });
    words.push(` ${spelling} `);
  }
  // The trie of the patterns; state 0 is the root.
  const next: number[][] = [[]];
  const ends: number[][] = [[]];
  words.forEach((word, p) => {
    let state = 0;
    for (let i = 0; i < word.length; i++) {
      const symbol = symbolOf[word.charCodeAt(i)]!;
      let child = next[state]![symbol];
      if (child === undefined) {
        child = next.length;
        next[state]![symbol] = child;
        next.push([]);
        ends.push([]);
      }
      state = child;
    }
    ends[state]!.push(p);
  });
  // Breadth first: each state's fallback (the longest proper suffix that is a trie state), and every
  // missing transition filled in from it.
  const delta = new Int32Array(next.length * SYMBOLS);
  const fallback = new Int32Array(next.length);
  const outputs: (number[] | undefined)[] = [];
  const queue: number[] = [];
  for (let symbol = 0; symbol < SYMBOLS; symbol++) {
    const child = next[0]![symbol];
    if (child !== undefined) queue.push(child);
    delta[symbol] = child ?? 0;
  }
  outputs[0] = ends[0]!.length > 0 ? ends[0] : undefined;
  for (let q = 0; q < queue.length; q++) {
    const state = queue[q]!;
    const all = [...ends[state]!, ...(outputs[fallback[state]!] ?? [])];
    outputs[state] = all.length > 0 ? all : undefined;
    for (let symbol = 0; symbol < SYMBOLS; symbol++) {
      const child = next[state]![symbol];
      if (child === undefined) {
        delta[state * SYMBOLS + symbol] = delta[fallback[state]! * SYMBOLS + symbol]!;
      } else {
        fallback[child] = state === 0 ? 0 : delta[fallback[state]! * SYMBOLS + symbol]!;
        delta[state * SYMBOLS + symbol] = child;
        queue.push(child);
      }
    }
  }
  // Runs of the same letter or space fold to one, so the automaton stays where it is on a repeat: a
  // state is entered on one symbol only (the last of the text it stands for), and repeating that symbol
  // leaves it there. The root stands for no text, so it is split in one copy per symbol it was reached on.
  const trieStates = next.length;
  const full = new Int32Array((trieStates + SYMBOLS) * SYMBOLS);
  full.set(delta);
  const rootOn = (symbol: number) => trieStates + symbol;
  for (let symbol = 0; symbol < SYMBOLS; symbol++) full.copyWithin(rootOn(symbol) * SYMBOLS, 0, SYMBOLS);
  for (let i = 0; i < full.length; i++) {
    const symbol = i % SYMBOLS;
    if (full[i] === 0) full[i] = rootOn(symbol);
  }
  const label = new Int32Array(trieStates + SYMBOLS).fill(-1);
  next.forEach((children) => children.forEach((child, symbol) => (label[child] = symbol)));
  for (let symbol = 0; symbol < SYMBOLS; symbol++) label[rootOn(symbol)] = symbol;
  label.forEach((symbol, state) => {
    if (symbol >= 0 && symbol <= LAST_LETTER) full[state * SYMBOLS + symbol] = state;
  });
  // States as offsets into the table.
  for (let i = 0; i < full.length; i++) full[i]! *= SYMBOLS;
  const endsAt = new Uint8Array(full.length);
  outputs.forEach((o, state) => (endsAt[state * SYMBOLS] = o === undefined ? 0 : 1));
  return { delta: full, ends: endsAt, outputs, patterns, start: full[SPACE_SYMBOL]! };
}

export interface Found {
  pattern: number;
  /** Where the match starts in the original text, and where the normalized character after it came from. */
  start: number;
  stop: number;
}

/**
 * Folds `text` exactly as normalize() does (the same tables and functions) and runs the folded symbols
 * through the automaton, which itself skips repeated letters and spaces: the loop does one table step
 * per character. Where a pattern ends, its start is found by folding backwards (rare: only at matches).
 */
export function scan(text: string, a: Automaton): { found: Found[]; digits: boolean; slangSeen: boolean } {
  const { delta, ends } = a;
  const found: Found[] = [];
  const clearOf = new Int32Array(a.patterns.length);
  const codes = codeUnitsOf(text);
  let state = a.start;
  let digits = false;
  let slangSeen = false;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const at = i;
    const code = codes[i]!;
    let symbol: number;
    if (code < 128) {
      symbol = asciiSymbol[code]!;
      if (symbol < 0) {
        if (symbol === DROP_SYMBOL) continue;
        if (code >= 48 && code <= 57) digits = true;
        symbol = symbolOf[leetAt(text, i, code)]!;
      } else if (symbol >= FIRST_DIGIT) digits = true;
    } else {
      const cp = text.codePointAt(i)!;
      const width = cp > 0xffff ? 2 : 1;
      const c = foldCodePoint(text, i, cp, width);
      i += width - 1;
      if (c === DROP) continue;
      symbol = symbolOf[c]!;
    }
    const reached = delta[state + symbol]!;
    if (ends[reached] === 1 && reached !== state && report(text, codes, a, reached, at, i + 1, found, clearOf)) slangSeen = true;
    state = reached;
  }
  // The space after the text closes a whole word that ends it (a text ending in a space stays put).
  const reached = delta[state + SPACE_SYMBOL]!;
  if (ends[reached] === 1 && reached !== state && report(text, codes, a, reached, length, length, found, clearOf)) slangSeen = true;
  return { found, digits, slangSeen };
}

let scratch = new Uint16Array(0);

/**
 * The text's UTF-16 code units in a typed array (copied natively): the loop reads them several times
 * faster than with charCodeAt. The array is reused from one text to the next (scan is synchronous).
 */
function codeUnitsOf(text: string): Uint16Array {
  if (scratch.length < text.length) scratch = new Uint16Array(Math.max(text.length, 2 * scratch.length));
  Buffer.from(scratch.buffer, 0, 2 * text.length).write(text, 'utf16le');
  return scratch;
}

/**
 * Records the patterns that end at `state`, reached on the character at `at` (which ends before
 * `after`). Says whether one of them is a chat spelling.
 */
function report(text: string, codes: Uint16Array, a: Automaton, state: number, at: number, after: number, found: Found[], clearOf: Int32Array): boolean {
  let slangSeen = false;
  for (const p of a.outputs[state / SYMBOLS]!) {
    const pattern = a.patterns[p]!;
    if (pattern.rule === null) {
      slangSeen = true;
    } else if (pattern.whole) {
      // " term ": the character at `at` is the space that closes it (its first character, as in normalize).
      found.push({ pattern: p, start: foldedStart(text, codes, at, pattern.length), stop: at });
    } else {
      // "term" ends with the character at `at`; it stops where the next folded character comes from, and
      // may not overlap the pattern's previous match.
      const start = foldedStart(text, codes, after, pattern.length);
      if (start < clearOf[p]!) continue;
      const stop = nextFolded(text, codes, after, symbolAt(text, codes, at).symbol);
      clearOf[p] = stop;
      found.push({ pattern: p, start, stop });
    }
  }
  return slangSeen;
}

/** The folded symbol of the character (code point) starting at `i`, and how many code units it takes. */
function symbolAt(text: string, codes: Uint16Array, i: number): { symbol: number; width: number } {
  const code = codes[i]!;
  if (code < 128) {
    const symbol = asciiSymbol[code]!;
    return { symbol: symbol === LEET_SYMBOL ? symbolOf[leetAt(text, i, code)]! : symbol, width: 1 };
  }
  const cp = text.codePointAt(i)!;
  const width = cp > 0xffff ? 2 : 1;
  const c = foldCodePoint(text, i, cp, width);
  return { symbol: c === DROP ? DROP_SYMBOL : symbolOf[c]!, width };
}

/** Where the character ending just before `end` starts (a surrogate pair is one character). */
function characterBefore(codes: Uint16Array, end: number): number {
  const low = codes[end - 1]!;
  if (low >= 0xdc00 && low <= 0xdfff && end >= 2) {
    const high = codes[end - 2]!;
    if (high >= 0xd800 && high <= 0xdbff) return end - 2;
  }
  return end - 1;
}

/**
 * Where the folded character `count` places before `end` came from: the first character of its run
 * (normalize keeps the first of repeated letters or spaces, and drops what folds to nothing).
 */
function foldedStart(text: string, codes: Uint16Array, end: number, count: number): number {
  let run = -1;
  let runStart = end;
  for (let i = end; i > 0; ) {
    i = characterBefore(codes, i);
    const { symbol } = symbolAt(text, codes, i);
    if (symbol === DROP_SYMBOL) continue;
    if (symbol === run && symbol <= LAST_LETTER) {
      runStart = i; // the same run, one character earlier
      continue;
    }
    if (run !== -1 && --count === 0) return runStart;
    run = symbol;
    runStart = i;
  }
  return runStart;
}

/** Where the next folded character after `from` comes from (past a run of `last`), or the text's end. */
function nextFolded(text: string, codes: Uint16Array, from: number, last: number): number {
  for (let i = from; i < text.length; ) {
    const { symbol, width } = symbolAt(text, codes, i);
    if (symbol !== DROP_SYMBOL && !(symbol === last && symbol <= LAST_LETTER)) return i;
    i += width;
  }
  return text.length;
}
