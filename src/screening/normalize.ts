/**
 * Text normalized for matching, with a map back to the original: `index[i]` is where normalized
 * character i came from. Case, accents, look-alike letters from other scripts, leetspeak digits and
 * symbols, and repeated letters are folded, so "s3cr3t", "seeecret" and "sécret" all read "secret";
 * punctuation and spaces fold to one space, and apostrophes disappear ("don't" reads "dont").
 */
export interface Normalized {
  text: string;
  index: number[];
}

// Cyrillic and Greek letters that look like Latin ones, as used to slip past keyword filters.
const lookalikes: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ɡ: 'g',
  α: 'a', β: 'b', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x',
};
const leet: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '!': 'i', '|': 'i', '+': 't' };

function fold(ch: string, leetspeak: { digit: boolean; symbol: boolean }): string {
  const lower = ch.toLowerCase();
  const base = lower.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  if (lookalikes[base]) return lookalikes[base];
  if (/^[a-z]$/.test(base)) return base;
  if (base === "'" || base === '’' || base === '‘') return '';
  if (leet[base] && (/[0-9]/.test(base) ? leetspeak.digit : leetspeak.symbol)) return leet[base];
  if (/^[0-9]$/.test(base)) return base;
  return ' ';
}

/**
 * Normalizes `input`. Digits count as leetspeak only next to a letter, so "2024" stays a number
 * while "s3cr3t" becomes "secret"; symbols (@ $ ! |) only between two letters, so "secret!!" ends
 * with a space, not an "i".
 */
export function normalize(input: string): Normalized {
  const chars = [...input];
  const offsets: number[] = [];
  let pos = 0;
  for (const c of chars) {
    offsets.push(pos);
    pos += c.length;
  }
  const isLetter = (c: string | undefined) => c !== undefined && /\p{L}/u.test(c);
  let text = '';
  const index: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const f = fold(c, { digit: isLetter(chars[i - 1]) || isLetter(chars[i + 1]), symbol: isLetter(chars[i - 1]) && isLetter(chars[i + 1]) });
    for (const out of f) {
      const prev = text[text.length - 1];
      // Runs of the same letter fold to one ("seeecret"); runs of spaces too.
      if (out === prev && (out === ' ' || /[a-z]/.test(out))) continue;
      if (out === ' ' && text.length === 0) continue;
      text += out;
      index.push(offsets[i]!);
    }
  }
  return expandSlang({ text, index });
}

// Chat spellings of the words keyword phrases are made of ("dont tell ur mom", "can u send").
const slang: Record<string, string> = { u: 'you', ur: 'your', yr: 'your', r: 'are', ya: 'you', yu: 'you', pls: 'please', plz: 'please', b4: 'before', wanna: 'want to', gonna: 'going to', tho: 'though', thx: 'thanks', pix: 'pics' };

/** Replaces chat spellings word by word; each replacement maps back to the word it replaced. */
function expandSlang(n: Normalized): Normalized {
  let text = '';
  const index: number[] = [];
  const re = /[a-z0-9]+|[^a-z0-9]+/g;
  for (const m of n.text.matchAll(re)) {
    const word = m[0];
    const at = m.index!;
    const replacement = slang[word];
    if (replacement) {
      for (let i = 0; i < replacement.length; i++) index.push(n.index[at + Math.min(i, word.length - 1)]!);
      text += replacement;
    } else {
      text += word;
      for (let i = 0; i < word.length; i++) index.push(n.index[at + i]!);
    }
  }
  return { text, index };
}

/** Normalizes a keyword the same way (its own spaces and punctuation fold identically). */
export const normalizeTerm = (term: string) => normalize(term).text.trim();
