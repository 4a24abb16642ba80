import { createRequire } from 'node:module';
import LinkifyIt from 'linkify-it';
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/max';
import { excerptOf, overlapIndex } from './excerpt.js';
import { compileRules, matchTerms } from './keywords.js';
import type { Flag, Span } from './types.js';

const tlds = createRequire(import.meta.url)('tlds') as string[];
// Every top-level domain, not only linkify-it's short list: "morganb.dev" and "pat.art" are links too;
// and the names reserved for examples and tests (RFC 2606), which a program's own material may use.
const linkify = new LinkifyIt().tlds([...tlds, 'example', 'test']);

const flag = (text: string, type: Flag['type'], spans: Span[], detail?: string): Flag => ({
  type,
  severity: 'review',
  excerpt: excerptOf(text, spans[0]!),
  spans,
  ...(detail ? { detail } : {}),
});

/**
 * Four digits with no letter between them: no country has a shorter number, so libphonenumber-js
 * (which is slow on text, and throws inside for every near miss) finds nothing in text without them.
 * Checked against the library for every country over random mixes of digits, separators and letters.
 */
const maybePhone = /\d(?:[^\p{L}\d]*\d){3}/u;
export const mayHoldPhone = (text: string) => maybePhone.test(text);

/**
 * Phone numbers in national and international forms (libphonenumber-js, lenient: a number that could
 * be dialled counts), plus short local numbers written as 3+4 digits. Years, dates, times and scores
 * do not match.
 */
export function findPhones(text: string, defaultCountry: string): Flag[] {
  if (!mayHoldPhone(text)) return [];
  // `leniency` is honoured at run time but missing from the package's types.
  const options = { defaultCountry: defaultCountry as CountryCode, leniency: 'POSSIBLE' } as { defaultCountry: CountryCode };
  const spans: Span[] = findPhoneNumbersInText(text, options).map((m) => ({ start: m.startsAt, end: m.endsAt }));
  // Local numbers (555-0100) and national ones with a trunk 0 in another country's format (07700 900123),
  // where the library found nothing (the pattern's own matches never overlap one another).
  const fallbacks = /(?<![\d\-.\/])(?:\d{3}[-. ]\d{4}|0\d{2,4}[-. ]?\d{3,4}[-. ]?\d{3,4})(?![\d\-\/]|\.\d)/g;
  const found = overlapIndex(spans);
  for (const m of text.matchAll(fallbacks)) {
    const span = { start: m.index!, end: m.index! + m[0].length };
    if (!found(span)) spans.push(span);
  }
  return spans.map((s) => flag(text, 'phone', [s], text.slice(s.start, s.end)));
}

const localChar = /[A-Za-z0-9._%+'-]/;
const domainChar = /[A-Za-z0-9.-]/;
const domainShape = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

/**
 * Email addresses in the text, each with its span (lower-cased in `address`). Found from each "@"
 * outwards, so text without one costs a single search.
 */
export function emailsIn(text: string): { address: string; span: Span }[] {
  const found: { address: string; span: Span }[] = [];
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && localChar.test(text[start - 1]!)) start--;
    let end = at + 1;
    while (end < text.length && domainChar.test(text[end]!)) end++;
    while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--; // a sentence's full stop
    if (start === at || !domainShape.test(text.slice(at + 1, end))) continue;
    found.push({ address: text.slice(start, end).toLowerCase(), span: { start, end } });
    at = end - 1;
  }
  return found;
}

// A cheap test for lines that may hold a link: linkify-it's fuzzy matching is slow on long text.
export const maybeLink = /:\/\/|www\.|[\p{L}\p{N}-]\.[\p{L}]{2,}/u;

const isAsciiLetter = (c: number) => (c | 32) >= 97 && (c | 32) <= 122;
/** A letter, a digit or a hyphen, or any non-ASCII character (which may be a letter). */
const mayEndName = (c: number) => c >= 128 || isAsciiLetter(c) || (c >= 48 && c <= 57) || c === 45;

/**
 * Whether `text` may hold a link: true wherever maybeLink matches (and at some places it does not),
 * found from each "." rather than with the pattern at every position, which costs five times as much
 * on long text.
 */
export function mayHoldLink(text: string): boolean {
  if (text.includes('://') || text.includes('www.')) return true;
  for (let at = text.indexOf('.'); at >= 0; at = text.indexOf('.', at + 1)) {
    const after = text.charCodeAt(at + 1);
    if (mayEndName(text.charCodeAt(at - 1)) && (after >= 128 || isAsciiLetter(after))) return true;
  }
  return false;
}

/** URLs, with or without a scheme (linkify-it), email addresses excluded; only lines that may hold one are parsed. */
export function findUrls(text: string): Flag[] {
  const flags: Flag[] = [];
  if (!mayHoldLink(text)) return flags; // most text: no lines cut
  let offset = 0;
  for (const line of text.split('\n')) {
    if (maybeLink.test(line)) {
      for (const m of linkify.match(line) ?? []) {
        if (m.schema !== 'mailto:') flags.push(flag(text, 'url', [{ start: offset + m.index, end: offset + m.lastIndex }], m.url));
      }
    }
    offset += line.length + 1;
  }
  return flags;
}

// Street words that are rarely anything else match in any case; words that are ordinary English too
// ("way", "place", "close", "court") only after capitalized names ("12 Harbour Way", not "2 articles on the way").
const streetAddress = /\b\d{1,5}[a-z]?\s+(?:[A-Za-z][A-Za-z'.-]*\s+){1,3}(?:street|avenue|ave|road|rd|lane|drive|boulevard|blvd|terrace|crescent|parkway|pkwy|highway|hwy)\b\.?/gi;
const namedStreet = /\b\d{1,5}[a-z]?\s+(?:[A-Z][A-Za-z'.-]*\s+){1,3}(?:Way|Place|Pl|Close|Court|Ct|Circle|Cir|St|Dr|Ln)\b\.?/g;
const ukPostcode = /\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b/g;
const usZip = /\b(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[TA]|W[AVIY])\s+\d{5}(?:-\d{4})?\b/g;
const aptOrFloor = /\b(?:apt|apartment|flat|unit)\s*#?\s*\d+[a-z]?\b/gi;

/** Street addresses (a house number, one to three words, a street word), UK postcodes, US state + ZIP. A heuristic. */
export function findAddresses(text: string): Flag[] {
  if (!/\d/.test(text)) return []; // every pattern needs a number
  const spans: Span[] = [];
  // Each pattern adds what the patterns before it did not find (its own matches never overlap one another).
  for (const re of [streetAddress, namedStreet, ukPostcode, usZip, aptOrFloor]) {
    const found = overlapIndex(spans);
    for (const m of text.matchAll(re)) {
      const span = { start: m.index!, end: m.index! + m[0].length };
      if (!found(span)) spans.push(span);
    }
  }
  return spans.sort((a, b) => a.start - b.start).map((s) => flag(text, 'address', [s], text.slice(s.start, s.end)));
}

const apps = ['snapchat', 'snap chat', 'instagram', 'insta', 'whatsapp', 'whats app', 'discord', 'telegram', 'tiktok', 'tik tok', 'kik', 'wechat', 'facebook', 'messenger', 'signal app', 'twitter', 'threads', 'roblox', 'xbox live', 'psn', 'skype', 'zoom', 'facetime', 'google hangouts', 'imessage',
  'github', 'soundcloud', 'spotify', 'goodreads', 'linkedin', 'reddit', 'youtube', 'twitch', 'pinterest', 'tumblr', 'vsco', 'bereal', 'steam', 'fortnite', 'minecraft'];
const appTerms = new Set(apps);
const asks = [
  ...['add', 'follow', 'dm', 'message', 'text', 'find', 'hit'].flatMap((verb) => ['on', 'at', 'up'].map((to) => `${verb} me ${to}`)),
  ...['snap', 'insta', 'ig', 'handle', 'username', 'user name', 'gamertag', 'discord', 'tiktok'].map((what) => `my ${what}`),
];
/** App names and "add me on …" phrases, matched like keywords: after folding case, leetspeak, repeated letters. */
export const handleRules = compileRules([...asks.map((term) => ({ term, severity: 'review' as const })), ...apps.map((term) => ({ term, severity: 'info' as const }))].map((r) => ({ ...r, wholeWord: true })));
/**
 * An account name soon after an app's name ("snap is lhschess_club", "spotify, search pr_rivera_07",
 * "my github is prcodes07"): a word joined with underscores, or letters then two digits or more.
 */
const accountSoon = /(?<![\w@.\/-])(?:[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+|[A-Za-z][A-Za-z_.]*[A-Za-z]\d{2,})(?![\w@])/;
const ACCOUNT_WITHIN = 60;
// "@pat.rocks_22", and "@ pat_debates_" with a space after the @ when the name has an underscore.
const atHandle = /(?<![\w.@])@(?:[A-Za-z0-9_.]{3,30}|\s(?=[A-Za-z0-9.]*_)[A-Za-z0-9_.]{3,30})\b(?!\.[A-Za-z]{2,}\b)/g;

/** Social and messaging apps by name, "add me on …", "my snap is …", and @handles (not email addresses). */
export function findHandles(text: string): Flag[] {
  return handleFlags(text, matchTerms(text, handleRules));
}

/**
 * Handle flags from where handleRules matched (screening matches them with the keywords), plus
 * @handles. An app named in passing ("the cast list is on instagram") is info: the reviewer sees it,
 * nothing more; an account given after the name, an "add me on …", "my snap" or an @handle is review.
 */
export function handleFlags(text: string, terms: { rule: { term: string }; span: Span }[]): Flag[] {
  const found: (Span & { severity: Flag['severity'] })[] = [];
  for (const { rule, span } of terms) {
    if (!appTerms.has(rule.term)) {
      found.push({ ...span, severity: 'review' });
      continue;
    }
    const account = accountSoon.exec(text.slice(span.end, span.end + ACCOUNT_WITHIN));
    found.push(account ? { start: span.start, end: span.end + account.index + account[0].length, severity: 'review' } : { ...span, severity: 'info' });
  }
  // @handles need an "@": most text has none, and one search says so.
  if (text.includes('@')) for (const m of text.matchAll(atHandle)) found.push({ start: m.index!, end: m.index! + m[0].length, severity: 'review' });
  // One flag where matches overlap ("my insta" holds "insta"): the longer one. In order of start, a span
  // overlaps one kept before it when it starts before the furthest end kept so far.
  const kept: typeof found = [];
  let reach = -1;
  for (const span of found.sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (span.start < reach) continue;
    kept.push(span);
    reach = Math.max(reach, span.end);
  }
  return kept.map(({ severity, ...s }) => ({ ...flag(text, 'handle', [s], text.slice(s.start, s.end)), severity }));
}
