// The keyword scan's automaton: every term of a rule list in one Aho-Corasick automaton over folded
// text, and the pass that folds a text and runs it through (see scanTerms in keywords.ts).
import type { CompiledRule } from './keywords.js';
import { asciiFold, DROP, foldCodePoint, LEET, leetAt, slang } from './normalize.js';

/** Normalized text holds 37 symbols: the space, a-z, 0-9, in that order. */
const SYMBOLS = 37;
const SPACE_SYMBOL = 0;
const LAST_LETTER = 26;
const FIRST_DIGIT = 27;
/**
 * The transition table has a column per symbol and one more for a character that folds to nothing (an
 * apostrophe), which leaves every state where it is: the scan never branches on it.
 */
const DROP_COLUMN = SYMBOLS;
const COLUMNS = SYMBOLS + 1;
const symbolOf = new Uint8Array(128);
for (let c = 97; c <= 122; c++) symbolOf[c] = c - 96;
for (let c = 48; c <= 57; c++) symbolOf[c] = FIRST_DIGIT + c - 48;
/** In asciiColumn: a character whose column slowColumn works out (a digit, a leetspeak symbol). */
const SLOW = -1;
/** The column of each ASCII character that folds alike wherever it stands (asciiFold): letters, spaces, the apostrophe. */
const asciiColumn = Int8Array.from(asciiFold, (c, code) => ((code >= 48 && code <= 57) || c === LEET ? SLOW : c === DROP ? DROP_COLUMN : symbolOf[c]!));
/** slowColumn's answer, packed: the column in the low six bits, the width in code units above it, and a bit for an ASCII digit. */
const WIDTH_SHIFT = 6;
const COLUMN_MASK = (1 << WIDTH_SHIFT) - 1;
const DIGIT_BIT = 1 << 8;

/**
 * The column of the character at `i` when asciiColumn leaves it open: a digit or leetspeak symbol (by
 * its neighbours, leetAt), or a code point past ASCII (foldCodePoint). Packed (see WIDTH_SHIFT).
 */
function slowColumn(text: string, i: number, code: number): number {
  if (code < 128) {
    const c = asciiFold[code] === LEET ? leetAt(text, i, code) : code;
    return symbolOf[c]! | (1 << WIDTH_SHIFT) | (code >= 48 && code <= 57 ? DIGIT_BIT : 0);
  }
  const cp = text.codePointAt(i)!;
  const width = cp > 0xffff ? 2 : 1;
  const c = foldCodePoint(text, i, cp, width);
  return (c === DROP ? DROP_COLUMN : symbolOf[c]!) | (width << WIDTH_SHIFT);
}

/** The packed column (see slowColumn) of the character at `i`. */
function columnAt(text: string, codes: Uint16Array, i: number): number {
  const code = codes[i]!;
  const column = code < 128 ? asciiColumn[code]! : SLOW;
  return column === SLOW ? slowColumn(text, i, code) : column | (1 << WIDTH_SHIFT);
}

export interface Pattern {
  /** null for a chat spelling: finding one sends the text down the normalized path. */
  rule: CompiledRule | null;
  /** The term's normalized length (without the spaces a whole-word pattern has around it). */
  length: number;
  whole: boolean;
}

/**
 * An Aho-Corasick automaton over normalized text, as a full transition table: `delta[state + column]`,
 * where a state is its number times COLUMNS (so that the step is one addition and one load). A
 * whole-word term is the pattern " term " (the text reads as if a space stood before its start and after
 * its end), a substring term the pattern "term"; chat spellings are whole words too.
 */
export interface Automaton {
  delta: Int32Array;
  /**
   * The states where patterns end are numbered last: a state (offset) at or past this one has
   * patterns ending at it, which `outputs` lists (through fallback links too; by state number).
   */
  firstOutput: number;
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
  // With whole-word rules only, a term written in chat spellings ("dont tell ur mom") is a pattern of its
  // own. A substring rule could match inside a spelled-out word, which only the normalized text shows:
  // then finding a chat spelling sends the text down that path (scanTerms).
  const spelledOut = rules.every((r) => r.wholeWord);
  for (const rule of rules) {
    const terms = rule.wholeWord ? (spelledOut ? chatSpellings(rule.normalized) : [rule.normalized]) : [rule.normalized];
    for (const term of terms) {
      patterns.push({ rule, length: term.length, whole: rule.wholeWord });
      words.push(rule.wholeWord ? ` ${term} ` : term);
    }
  }
  if (!spelledOut) {
    for (const spelling of slang.keys()) {
      patterns.push({ rule: null, length: spelling.length, whole: true });
      words.push(` ${spelling} `);
    }
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
  // The table the scan steps: COLUMNS columns a state (the drop column stays put), states as offsets into
  // it, numbered anew so that the states where patterns end come last (one comparison tells them).
  const states = trieStates + SYMBOLS;
  const ending = (state: number) => state < trieStates && outputs[state] !== undefined;
  const order = [...Array(states).keys()].sort((x, y) => Number(ending(x)) - Number(ending(y)) || x - y);
  const renumbered = new Int32Array(states);
  order.forEach((state, n) => (renumbered[state] = n));
  const table = new Int32Array(states * COLUMNS);
  const renumberedOutputs: (number[] | undefined)[] = [];
  for (let state = 0; state < states; state++) {
    const row = renumbered[state]! * COLUMNS;
    for (let symbol = 0; symbol < SYMBOLS; symbol++) table[row + symbol] = renumbered[full[state * SYMBOLS + symbol]!]! * COLUMNS;
    table[row + DROP_COLUMN] = row;
    renumberedOutputs[renumbered[state]!] = ending(state) ? outputs[state] : undefined;
  }
  return {
    delta: table,
    firstOutput: order.findIndex(ending) < 0 ? table.length : order.findIndex(ending) * COLUMNS,
    outputs: renumberedOutputs,
    patterns,
    start: table[renumbered[0]! * COLUMNS + SPACE_SYMBOL]!,
  };
}

/** The chat spellings of each spelled-out word or words ("you": u, ya, yu), from normalize's table. */
const spellingsOf = new Map<string, string[]>();
for (const [spelling, words] of slang) spellingsOf.set(words, [...(spellingsOf.get(words) ?? []), spelling]);

/**
 * A normalized term and every way of writing it with chat spellings in place of the words they stand
 * for ("dont tell your mom": also "dont tell ur mom", "dont tell yr mom"): what normalize() would read as
 * the term once it has spelled them out.
 */
function chatSpellings(term: string): string[] {
  const words = term.split(' ');
  const from = (i: number): string[] => {
    if (i >= words.length) return [''];
    const out: string[] = [];
    for (const span of [1, 2]) {
      if (i + span > words.length) continue;
      const replaced = spellingsOf.get(words.slice(i, i + span).join(' ')) ?? [];
      for (const spelling of span === 1 ? [words[i]!, ...replaced] : replaced) {
        for (const rest of from(i + span)) out.push(rest === '' ? spelling : `${spelling} ${rest}`);
      }
    }
    return out;
  };
  return from(0);
}

export interface Found {
  pattern: number;
  /** Where the match starts in the original text, and where the normalized character after it came from. */
  start: number;
  stop: number;
  /** The character the automaton reported it on. */
  at: number;
}

/** Where one pass through the automaton stands: its state before the character at `at`. */
interface Cursor {
  state: number;
  at: number;
  digits: boolean;
  found: Found[];
}

/** Texts at least this long are scanned as two streams at once (see scan). */
const TWO_STREAMS_FROM = 2048;
/** How many characters past the split the first stream reads to meet the second before it gives up. */
const MEET_WITHIN = 1024;
/** How far past the middle a place to split is looked for. */
const SPLIT_WITHIN = 1024;

/**
 * Folds `text` exactly as normalize() does (the same tables and functions) and runs the folded symbols
 * through the automaton, which itself skips repeated letters and spaces: one table step per character.
 * Where a pattern ends, its start is found by folding backwards (rare: only at matches).
 *
 * A long text is read as two streams in the same loop: each step waits for the table load before it,
 * and two independent chains keep the processor busy while they wait (about twice as fast). The second
 * stream starts after a space near the middle, in the state after a space, which may know less than a
 * pass from the start (a phrase may span the split). So the first stream reads on past the split, next
 * to a copy of the second's start, until both stand in the same state after the same character: from
 * there on the second stream is the same pass. Before that point only the first stream's matches count.
 * If they do not meet within MEET_WITHIN characters, the first stream reads to the end alone and the
 * second is thrown away.
 */
export function scan(text: string, a: Automaton): { found: Found[]; digits: boolean; slangSeen: boolean } {
  const length = text.length;
  const codes = codeUnitsOf(text);
  const first: Cursor = { state: a.start, at: 0, digits: false, found: [] };
  const split = length >= TWO_STREAMS_FROM ? streamSplit(text) : -1;
  let found = first.found;
  let last = first;
  if (split < 0) {
    advance(text, codes, a, first, length);
  } else {
    const second: Cursor = { state: a.start, at: split, digits: false, found: [] };
    lockstep(text, codes, a, first, split, second, length);
    advance(text, codes, a, first, split);
    advance(text, codes, a, second, length);
    // The first stream reads on from the split next to the second's start again (its matches thrown away).
    const again: Cursor = { state: a.start, at: split, digits: false, found: [] };
    let meeting = -1;
    while (first.at < Math.min(length, split + MEET_WITHIN)) {
      const at = first.at;
      step(text, codes, a, first);
      step(text, codes, a, again);
      if (first.state === again.state) {
        meeting = at;
        break;
      }
    }
    if (meeting < 0) {
      advance(text, codes, a, first, length);
    } else {
      found = [...first.found, ...second.found.filter((f) => f.at > meeting)];
      last = second;
    }
    first.digits ||= second.digits;
  }
  // The space after the text closes a whole word that ends it (a text ending in a space stays put).
  const reached = a.delta[last.state + SPACE_SYMBOL]!;
  if (reached >= a.firstOutput && reached !== last.state) report(text, codes, a, reached, length, length, found);
  const slangSeen = found.some((f) => a.patterns[f.pattern]!.rule === null);
  return { found: withoutOverlaps(found.filter((f) => a.patterns[f.pattern]!.rule !== null), a), digits: first.digits, slangSeen };
}

/**
 * Where the second stream starts: just after a character that folds to a space whatever its neighbours
 * (a line break, a space, most punctuation), at or after the middle; -1 when none is near.
 */
export function streamSplit(text: string): number {
  const from = text.length >> 1;
  for (let i = from; i < Math.min(text.length - 1, from + SPLIT_WITHIN); i++) {
    const code = text.charCodeAt(i);
    if (code < 128 && asciiColumn[code] === SPACE_SYMBOL) return i + 1;
  }
  return -1;
}

/** Runs `cursor` up to `end` (a character boundary), recording matches. */
function advance(text: string, codes: Uint16Array, a: Automaton, cursor: Cursor, end: number): void {
  while (cursor.at < end) {
    cursor.at += alone(codes, a.delta, a.firstOutput, cursor.state, cursor.at, end - cursor.at);
    cursor.state = states[0]!;
    if (cursor.at < end) step(text, codes, a, cursor);
  }
}

/** Runs `one` up to `end1` and `two` up to `end2` (see together), while both have characters left. */
function lockstep(text: string, codes: Uint16Array, a: Automaton, one: Cursor, end1: number, two: Cursor, end2: number): void {
  for (;;) {
    const steps = Math.min(end1 - one.at, end2 - two.at);
    if (steps <= 0) return;
    const taken = together(codes, a.delta, a.firstOutput, one.state, two.state, one.at, two.at, steps);
    one.state = states[0]!;
    two.state = states[1]!;
    one.at += taken;
    two.at += taken;
    if (taken < steps) {
      step(text, codes, a, one);
      step(text, codes, a, two);
    }
  }
}

/** Where `alone` and `together` leave the states they reached. */
const states = new Int32Array(2);

// The two loops below take only what is common: a character with a column in the ASCII table, and a
// state where no pattern ends. Anything else (a match, a digit, a leetspeak symbol, a character past
// ASCII) ends them, for step() to take that one character. Kept this small, a loop holds all it needs
// in registers; together's two chains of table loads overlap.

/** Up to `steps` characters from `i` (see above); returns how many it took, and leaves the state in `states`. */
function alone(codes: Uint16Array, delta: Int32Array, firstOutput: number, state: number, i: number, steps: number): number {
  let k = 0;
  for (; k < steps; k++) {
    const code = codes[i + k]!;
    const column = code < 128 ? asciiColumn[code]! : SLOW;
    if (column < 0) break;
    const reached = delta[state + column]!;
    if (reached >= firstOutput) break;
    state = reached;
  }
  states[0] = state;
  return k;
}

/** Up to `steps` characters of each of two streams, from `i` and from `j`, as long as both can; like alone. */
function together(codes: Uint16Array, delta: Int32Array, firstOutput: number, state1: number, state2: number, i: number, j: number, steps: number): number {
  let k = 0;
  for (; k < steps; k++) {
    const code1 = codes[i + k]!;
    const code2 = codes[j + k]!;
    const column1 = code1 < 128 ? asciiColumn[code1]! : SLOW;
    const column2 = code2 < 128 ? asciiColumn[code2]! : SLOW;
    if ((column1 | column2) < 0) break;
    const reached1 = delta[state1 + column1]!;
    const reached2 = delta[state2 + column2]!;
    if (reached1 >= firstOutput || reached2 >= firstOutput) break;
    state1 = reached1;
    state2 = reached2;
  }
  states[0] = state1;
  states[1] = state2;
  return k;
}

/** One character of `cursor`'s stream, whatever it is: a digit, a leetspeak symbol, past ASCII, a match. */
function step(text: string, codes: Uint16Array, a: Automaton, cursor: Cursor): void {
  const i = cursor.at;
  const packed = columnAt(text, codes, i);
  const column = packed & COLUMN_MASK;
  const width = (packed >> WIDTH_SHIFT) & 3;
  if (packed & DIGIT_BIT) cursor.digits = true;
  const reached = a.delta[cursor.state + column]!;
  if (reached >= a.firstOutput && reached !== cursor.state) report(text, codes, a, reached, i, i + width, cursor.found);
  cursor.state = reached;
  cursor.at = i + width;
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

/** Records the patterns that end at `state`, reached on the character at `at` (which ends before `after`). */
function report(text: string, codes: Uint16Array, a: Automaton, state: number, at: number, after: number, found: Found[]): void {
  for (const p of a.outputs[state / COLUMNS]!) {
    const pattern = a.patterns[p]!;
    if (pattern.rule === null || pattern.whole) {
      // " term ": the character at `at` is the space that closes it (its first character, as in normalize).
      found.push({ pattern: p, start: foldedStart(text, codes, at, pattern.length), stop: at, at });
    } else {
      // "term" ends with the character at `at`; it stops where the next folded character comes from.
      const start = foldedStart(text, codes, after, pattern.length);
      found.push({ pattern: p, start, stop: nextFolded(text, codes, after, columnAt(text, codes, at) & COLUMN_MASK), at });
    }
  }
}

/**
 * The matches of each substring pattern taken left to right without overlapping (a match that starts
 * before the previous one kept stops is dropped); whole-word matches as they are.
 */
function withoutOverlaps(found: Found[], a: Automaton): Found[] {
  const kept: Found[] = [];
  let pattern = -1;
  let clear = 0;
  const partial = found.filter((f) => !a.patterns[f.pattern]!.whole).sort((x, y) => x.pattern - y.pattern || x.start - y.start);
  for (const f of partial) {
    if (f.pattern !== pattern) [pattern, clear] = [f.pattern, 0];
    if (f.start < clear) continue;
    kept.push(f);
    clear = f.stop;
  }
  return [...found.filter((f) => a.patterns[f.pattern]!.whole), ...kept];
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
    const symbol = columnAt(text, codes, i) & COLUMN_MASK;
    if (symbol === DROP_COLUMN) continue;
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
    const packed = columnAt(text, codes, i);
    const symbol = packed & COLUMN_MASK;
    if (symbol !== DROP_COLUMN && !(symbol === last && symbol <= LAST_LETTER)) return i;
    i += (packed >> WIDTH_SHIFT) & 3;
  }
  return text.length;
}
