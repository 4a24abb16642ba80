import { excerptOf } from './excerpt.js';
import type { Flag } from './types.js';

/**
 * Contact details written so a filter misses them: an address with "at" and "dot" in words or with
 * spaces around its punctuation ("pat dot rivera at gmail dot com", "skim @ tech-univ . edu"), and a
 * phone number in number words ("four one five, five five five, oh one two three"). Severity review,
 * as any contact detail: the words around it say whether it is a move off the program.
 */

const at = String.raw`\s*(?:@|\(at\)|\[at\]|\bat\b)\s*`;
const dot = String.raw`\s*(?:\.|\(dot\)|\[dot\]|\bdot\b)\s*`;
const label = String.raw`[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?`;
const tlds = 'com|org|net|edu|gov|io|co|us|uk|ca|au|de|fr|es|info|me|example';
// local (dot local)* at domain (dot domain)* dot tld; at least one of the separators spelt or spaced.
const spelled = new RegExp(String.raw`\b([a-z0-9_+-]+(?:${dot}[a-z0-9_+-]+)*)${at}(${label}(?:${dot}${label})*)${dot}(${tlds})\b`, 'gi');

/** Addresses written out; a plain one (pat@example.com) is the email detector's. */
export function findSpelledEmails(text: string): Flag[] {
  const flags: Flag[] = [];
  // Every written-out address has an @ or a "dot": most texts are told apart without the long pattern.
  if (!/@|\bdot\b|[([]at[)\]]/i.test(text)) return flags;
  for (const m of text.matchAll(spelled)) {
    const whole = m[0];
    // A plain address (pat@example.com) is the email detector's: here only the written-out ones.
    if (!/\b(?:at|dot)\b|\s[@.]|[@.]\s|\(|\[/i.test(whole)) continue;
    const address = `${m[1]!.replace(new RegExp(dot, 'gi'), '.')}@${m[2]!.replace(new RegExp(dot, 'gi'), '.')}.${m[3]}`.toLowerCase();
    const span = { start: m.index!, end: m.index! + whole.length };
    flags.push({ type: 'email', severity: 'review', excerpt: excerptOf(text, span), spans: [span], detail: `${address} (written out)` });
  }
  return flags;
}

const dotWord = String.raw`\s*(?:\bdot\b|\(dot\)|\[dot\])\s*`;
const slash = String.raw`\s*(?:\bslash\b|/)\s*`;
// label (dot label)* dot tld (slash path)*, with at least one "dot" in words: "cs50 dot harvard dot edu slash x".
const spelledLink = new RegExp(String.raw`\b${label}(?:${dotWord}${label})*${dotWord}(?:${tlds})\b(?:${slash}[\w-]+)*`, 'gi');

/** Links written out with "dot" and "slash" in words; a plain one is the link detector's. */
export function findSpelledLinks(text: string): Flag[] {
  if (!/\bdot\b|[([]dot[)\]]/i.test(text)) return [];
  return [...text.matchAll(spelledLink)].map((m) => {
    const span = { start: m.index!, end: m.index! + m[0].length };
    const link = m[0].replace(new RegExp(dotWord, 'gi'), '.').replace(new RegExp(slash, 'gi'), '/').toLowerCase();
    return { type: 'url' as const, severity: 'review' as const, excerpt: excerptOf(text, span), spans: [span], detail: `${link} (written out)` };
  });
}

const units = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const teens = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const tens = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const unit = `(?:${units.join('|')}|oh)`;
// A number word, a pair of them ("forty-four", "seventeen"), or a group of up to four digits.
const token = String.raw`(?:(?:${tens.join('|')})(?:[\s-]?${unit.replace('zero|', '')})?|${teens.join('|')}|${unit}|\d{1,4})`;
const run = new RegExp(String.raw`\b${token}(?:[\s,.\-/]{1,3}${token}\b){2,14}`, 'gi');
const tokenAt = new RegExp(token, 'gi');

/** The digits a number word or a pair of them stands for ("forty-four": 44, "oh": 0), or the digits as written. */
function digitsOf(word: string): string {
  const w = word.toLowerCase();
  if (/^\d+$/.test(w)) return w;
  if (w === 'oh') return '0';
  if (units.includes(w)) return String(units.indexOf(w));
  if (teens.includes(w)) return String(10 + teens.indexOf(w));
  const [ten, one] = w.split(/[\s-]+/);
  return String(20 + 10 * tens.indexOf(ten!) + (one ? (one === 'oh' ? 0 : units.indexOf(one)) : 0));
}

/**
 * Phone numbers in number words ("five five five, oh one two three", "forty-four seventy-seven"), or in
 * digits spaced one by one ("4 1 5 5 5 5 0 1 2 3", "555 - 0 1 9 3"): turned into digits, 7 to 15 of
 * them, the length of a local or an international number.
 */
export function findSpelledPhones(text: string): Flag[] {
  const flags: Flag[] = [];
  for (const m of text.matchAll(run)) {
    const tokens = m[0].match(tokenAt) ?? [];
    const words = tokens.filter((t) => !/\d/.test(t)).length;
    const single = tokens.filter((t) => /^\d$/.test(t)).length;
    // Number words, or at least four digits spaced one by one: a run of plain numbers ("in 2024 2025
    // and 2026", "rooms 101 and 204") is neither.
    if (words === 0 && single < 4) continue;
    const digits = tokens.map(digitsOf).join('');
    if (digits.length < 7 || digits.length > 15) continue;
    const span = { start: m.index!, end: m.index! + m[0].length };
    flags.push({ type: 'phone', severity: 'review', excerpt: excerptOf(text, span), spans: [span], detail: `${digits} (written out)` });
  }
  return flags;
}
