/**
 * Text normalized for matching, with a map back to the original: `index[i]` is where normalized
 * character i came from. Case, accents, look-alike letters from other scripts, leetspeak digits and
 * symbols, and repeated letters are folded, so "s3cr3t", "seeecret" and "sécret" all read "secret";
 * punctuation and spaces fold to one space, and apostrophes disappear ("don't" reads "dont").
 */
export interface Normalized {
  text: string;
  index: ArrayLike<number>;
}

// Cyrillic and Greek letters that look like Latin ones, as used to slip past keyword filters.
const lookalikes: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ɡ: 'g',
  α: 'a', β: 'b', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x',
};
const leet: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '!': 'i', '|': 'i', '+': 't' };

const foldCache = new Map<string, string>();

/** The leetspeak letter of each ASCII digit or symbol, by character code. */
const asciiLeet: (string | undefined)[] = [];
for (const [k, v] of Object.entries(leet)) asciiLeet[k.charCodeAt(0)] = v;

export const SPACE = 32;
const DROP = 0;
const LEET = 1;
/**
 * What each ASCII character folds to when its neighbours do not matter: a lower-case letter, a digit,
 * a space, DROP (the apostrophe) or LEET (a leetspeak digit or symbol: it depends on its neighbours).
 */
const asciiFold = new Uint8Array(128).map((_, code) => {
  const lower = code | 32;
  if (lower >= 97 && lower <= 122) return lower;
  if (code === 39) return DROP; // an apostrophe disappears: "don't" reads "dont"
  if (asciiLeet[code] !== undefined) return LEET;
  return code >= 48 && code <= 57 ? code : SPACE;
});

/** One character folded: a Latin letter, a digit, '' (dropped), ' ' (separator), or a leetspeak letter: never more than one. */
function fold(ch: string, leetspeak: { digit: boolean; symbol: boolean }): string {
  const key = ch;
  let base = foldCache.get(key);
  if (base === undefined) {
    const lower = ch.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    base = lookalikes[lower] ?? lower;
    foldCache.set(key, base);
  }
  if (/^[a-z]$/.test(base)) return base;
  if (base === "'" || base === '’' || base === '‘') return '';
  if (leet[base] && (/[0-9]/.test(base) ? leetspeak.digit : leetspeak.symbol)) return leet[base]!;
  if (/^[0-9]$/.test(base)) return base;
  return ' ';
}

const letter = /\p{L}/u;

/** Whether the code point at `i` is a letter (ASCII without a regex, the rest with \p{L}). */
function letterAt(input: string, i: number): boolean {
  if (i < 0 || i >= input.length) return false;
  const code = input.charCodeAt(i);
  if (code < 128) return (code | 32) >= 97 && (code | 32) <= 122;
  return letter.test(String.fromCodePoint(input.codePointAt(i)!)) || (code >= 0xdc00 && code <= 0xdfff && letter.test(input.slice(i - 1, i + 1)));
}

/**
 * The ASCII leetspeak digit or symbol at `i` folded by its neighbours: digits count as letters only next
 * to a letter, so "2024" stays a number while "s3cr3t" becomes "secret"; symbols (@ $ ! |) only between
 * two letters, so "secret!!" ends with a space, not an "i".
 */
function leetAt(input: string, i: number, code: number): number {
  const isDigit = code >= 48 && code <= 57;
  const before = letterAt(input, i - 1);
  const after = letterAt(input, i + 1);
  return (isDigit ? before || after : before && after) ? asciiLeet[code]!.charCodeAt(0) : isDigit ? code : SPACE;
}

/** The non-ASCII code point `cp` at `i` (`width` code units) folded, as a character code or DROP. */
function foldCodePoint(input: string, i: number, cp: number, width: number): number {
  const folded = fold(String.fromCodePoint(cp), { digit: letterAt(input, i - 1) || letterAt(input, i + width), symbol: letterAt(input, i - 1) && letterAt(input, i + width) });
  return folded.length === 0 ? DROP : folded.charCodeAt(0);
}

/**
 * Normalizes `input` (see leetAt for when digits and symbols read as letters). Linear in the input,
 * with a table for ASCII. Screening normalizes each text once; every detector that matches words
 * (keywords, app names, concepts, surnames) reads the same result.
 */
export function normalize(input: string): Normalized {
  // Folded text is ASCII (a-z, 0-9, space) and no longer than the input (a character folds to at most
  // one): bytes and an index array, joined once at the end.
  const out = Buffer.allocUnsafe(input.length);
  const index = new Int32Array(input.length);
  let n = 0;
  let prev = -1;
  // Where the current folded word started, and whether a finished one is a chat spelling (see slang).
  let word = 0;
  let slangSeen = false;
  const length = input.length;
  for (let i = 0; i < length; i++) {
    const at = i;
    const code = input.charCodeAt(i);
    let c: number;
    if (code < 128) {
      c = asciiFold[code]!;
      if (c === LEET) c = leetAt(input, i, code);
    } else {
      const cp = input.codePointAt(i)!;
      const width = cp > 0xffff ? 2 : 1;
      c = foldCodePoint(input, i, cp, width);
      i += width - 1;
    }
    if (c === DROP) continue;
    // Runs of the same letter fold to one ("seeecret"); runs of spaces too; no leading space.
    if (c === prev && (c === SPACE || c >= 97)) continue;
    if (c === SPACE) {
      if (n === 0) continue;
      if (!slangSeen && n - word <= MAX_SLANG) slangSeen = isSlang(out, word, n);
      word = n + 1;
    }
    out[n] = c;
    index[n++] = at;
    prev = c;
  }
  if (!slangSeen && n - word <= MAX_SLANG) slangSeen = isSlang(out, word, n);
  const normalized = { text: out.toString('latin1', 0, n), index: index.subarray(0, n) };
  return slangSeen ? expandSlang(normalized) : normalized;
}

// Chat spellings of the words keyword phrases are made of ("dont tell ur mom", "can u send").
const slang = new Map(Object.entries({ u: 'you', ur: 'your', yr: 'your', r: 'are', ya: 'you', yu: 'you', pls: 'please', plz: 'please', b4: 'before', wanna: 'want to', gonna: 'going to', tho: 'though', thx: 'thanks', pix: 'pics' }));
const MAX_SLANG = Math.max(...[...slang.keys()].map((w) => w.length));
/** Which letters a chat spelling starts with, by character code. */
const slangFirst = new Uint8Array(128);
for (const w of slang.keys()) slangFirst[w.charCodeAt(0)] = 1;

/** Whether the folded word out[start, end) is one of the chat spellings (few short words get past the first letter). */
const isSlang = (out: Buffer, start: number, end: number) => end > start && slangFirst[out[start]!] === 1 && slang.has(out.toString('latin1', start, end));

/** Replaces chat spellings word by word; each replacement maps back to the word it replaced. */
function expandSlang(n: Normalized): Normalized {
  const { text, index } = n;
  let out = '';
  const outIndex: number[] = [];
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf(' ', start);
    if (end < 0) end = text.length;
    const word = text.slice(start, end);
    const replacement = word.length <= MAX_SLANG ? slang.get(word) : undefined;
    if (replacement) {
      out += replacement;
      for (let i = 0; i < replacement.length; i++) outIndex.push(index[start + Math.min(i, word.length - 1)]!);
    } else {
      out += word;
      for (let i = start; i < end; i++) outIndex.push(index[i]!);
    }
    if (end < text.length) {
      out += ' ';
      outIndex.push(index[end]!);
    }
    start = end + 1;
  }
  return { text: out, index: outIndex };
}

/** Normalizes a keyword the same way (its own spaces and punctuation fold identically). */
export const normalizeTerm = (term: string) => normalize(term).text.trim();
