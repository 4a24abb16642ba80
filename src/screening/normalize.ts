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

/** One character folded: a Latin letter, a digit, '' (dropped), ' ' (separator), or a leetspeak letter. */
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
 * Normalizes `input`. Digits count as leetspeak only next to a letter, so "2024" stays a number
 * while "s3cr3t" becomes "secret"; symbols (@ $ ! |) only between two letters, so "secret!!" ends
 * with a space, not an "i". Linear in the input, with a fast path for ASCII letters.
 */
export function normalize(input: string): Normalized {
  // Folded text is ASCII (a-z, 0-9, space): bytes and an index array, joined once at the end. One
  // character folds to at most one, but for rare ligatures ("ﬃ"): the arrays grow when they must.
  let out = Buffer.allocUnsafe(input.length + 16);
  let index = new Int32Array(input.length + 16);
  let n = 0;
  let prev = -1;
  const length = input.length;
  const push = (ch: number, at: number) => {
    if (n === out.length) {
      out = Buffer.concat([out, Buffer.allocUnsafe(out.length)]);
      const bigger = new Int32Array(index.length * 2);
      bigger.set(index);
      index = bigger;
    }
    out[n] = ch;
    index[n++] = at;
    prev = ch;
  };
  for (let i = 0; i < length; i++) {
    const code = input.charCodeAt(i);
    let c: number;
    if (code < 128) {
      const lower = code | 32;
      if (lower >= 97 && lower <= 122) c = lower;
      else if (code === 39) continue; // an apostrophe disappears: "don't" reads "dont"
      else if (asciiLeet[code] !== undefined) {
        const before = letterAt(input, i - 1);
        const after = letterAt(input, i + 1);
        const isDigit = code >= 48 && code <= 57;
        c = (isDigit ? before || after : before && after) ? asciiLeet[code]!.charCodeAt(0) : isDigit ? code : 32;
      } else c = code >= 48 && code <= 57 ? code : 32;
      // Runs of the same letter fold to one ("seeecret"); runs of spaces too; no leading space.
      if (c === prev && (c === 32 || c >= 97)) continue;
      if (c === 32 && n === 0) continue;
      if (n < out.length) {
        out[n] = c;
        index[n++] = i;
        prev = c;
      } else push(c, i);
      continue;
    }
    const cp = input.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const folded = fold(String.fromCodePoint(cp), { digit: letterAt(input, i - 1) || letterAt(input, i + width), symbol: letterAt(input, i - 1) && letterAt(input, i + width) });
    for (let k = 0; k < folded.length; k++) {
      const ch = folded.charCodeAt(k);
      if (ch === prev && (ch === 32 || (ch >= 97 && ch <= 122))) continue;
      if (ch === 32 && n === 0) continue;
      push(ch, i);
    }
    i += width - 1;
  }
  return expandSlang({ text: out.toString('latin1', 0, n), index: index.subarray(0, n) });
}

// Chat spellings of the words keyword phrases are made of ("dont tell ur mom", "can u send").
const slang: Record<string, string> = { u: 'you', ur: 'your', yr: 'your', r: 'are', ya: 'you', yu: 'you', pls: 'please', plz: 'please', b4: 'before', wanna: 'want to', gonna: 'going to', tho: 'though', thx: 'thanks', pix: 'pics' };

/** Replaces chat spellings word by word; each replacement maps back to the word it replaced. */
const anySlang = new RegExp(`(?:^| )(?:${Object.keys(slang).join('|')})(?= |$)`);

function expandSlang(n: Normalized): Normalized {
  const { text, index } = n;
  if (!anySlang.test(text)) return n; // the common case: one regex pass, no copying
  let out = '';
  const outIndex: number[] = [];
  let changed = false;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf(' ', start);
    if (end < 0) end = text.length;
    const word = text.slice(start, end);
    const replacement = word.length <= 5 ? slang[word] : undefined;
    if (replacement) {
      changed = true;
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
  return changed ? { text: out, index: outIndex } : n;
}

/** Normalizes a keyword the same way (its own spaces and punctuation fold identically). */
export const normalizeTerm = (term: string) => normalize(term).text.trim();
