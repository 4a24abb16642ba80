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

const numberWords: Record<string, string> = { zero: '0', oh: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9' };
const digitToken = String.raw`(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|\d)`;
const run = new RegExp(String.raw`\b${digitToken}(?:[\s,.\-/]{1,3}${digitToken}\b){6,14}`, 'gi');

/** Phone numbers in number words, or in digits spaced one by one ("4 1 5 5 5 5 0 1 2 3"). */
export function findSpelledPhones(text: string): Flag[] {
  const flags: Flag[] = [];
  for (const m of text.matchAll(run)) {
    const tokens = m[0].toLowerCase().match(/zero|oh|one|two|three|four|five|six|seven|eight|nine|\d/g) ?? [];
    const words = tokens.filter((t) => !/\d/.test(t)).length;
    // Digits spaced one by one, or number words: a run of plain numbers ("in 2024 2025 and 2026") is neither.
    if (words === 0 && !/^\d(?:[\s,.\-/]{1,3}\d)+$/.test(m[0])) continue;
    const digits = tokens.map((t) => numberWords[t] ?? t).join('');
    if (digits.length < 7 || digits.length > 15) continue;
    const span = { start: m.index!, end: m.index! + m[0].length };
    flags.push({ type: 'phone', severity: 'review', excerpt: excerptOf(text, span), spans: [span], detail: `${digits} (written out)` });
  }
  return flags;
}
