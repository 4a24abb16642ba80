import { findAttachmentFlags } from './attachments.js';
import { emailsIn, findAddresses, findPhones, findUrls, handleFlags, handleRules } from './contact.js';
import { excerptOf, overlapIndex } from './excerpt.js';
import { findConcepts } from './concepts.js';
import { findIdentity } from './identity.js';
import { findLearned } from './model.js';
import { findSpelledEmails, findSpelledLinks, findSpelledPhones } from './obfuscated.js';
import { compileRules, keywordFlags, matchTerms, type CompiledRule } from './keywords.js';
import { normalize } from './normalize.js';
import { topSeverity, type Flag, type ScreeningInput, type ScreeningOptions } from './types.js';
import { INVISIBLE, invisibleName } from './invisible.js';

const handleTerms = new Set(handleRules);
const combined = new WeakMap<CompiledRule[], CompiledRule[]>();
/** The program's keyword rules and the app-name rules, as one list (made once per list, so its trie is too). */
function withHandles(rules: CompiledRule[]): CompiledRule[] {
  let all = combined.get(rules);
  if (!all) combined.set(rules, (all = [...rules, ...handleRules]));
  return all;
}

/**
 * Flags of one piece of text. Invisible characters are removed before matching ("pa\u200brents" reads
 * "parents"), the flags' spans are moved back to their places in the text as it is, and their presence
 * is itself a flag. Pure: no I/O.
 */
function screenText(text: string, input: ScreeningInput, options: ScreeningOptions, rules: CompiledRule[]): Flag[] {
  const hidden = findInvisible(text);
  if (hidden.all.length === 0) return detect(text, input, options, rules);
  const kept: number[] = [];
  let at = 0;
  for (const h of hidden.all) {
    for (; at < h.at; at++) kept.push(at);
    at = h.at + h.length;
  }
  for (; at < text.length; at++) kept.push(at);
  const back = (p: number) => (p >= kept.length ? text.length : kept[p]!);
  const found = detect(text.replace(INVISIBLE, ''), input, options, rules).map((f) => ({
    ...f,
    spans: f.spans.map((s) => ({ start: back(s.start), end: s.end > s.start ? back(s.end - 1) + 1 : back(s.start) })),
  }));
  return hidden.flagged.length > 0 ? [...found, invisibleFlag(text, hidden.flagged)] : found;
}

/** Every detector over one text without invisible characters. */
function detect(text: string, input: ScreeningInput, options: ScreeningOptions, rules: CompiledRule[]): Flag[] {
  // The text normalized once, for every detector that matches words.
  const normalized = normalize(text);
  const terms = matchTerms(text, withHandles(rules), normalized);
  // Phone numbers and street addresses need a digit: one native search says whether there is one.
  const digits = /[0-9]/.test(text);
  const found = emailsIn(text);
  const identity = findIdentity(text, input.sender, input.recipient, input.alias, input.domain, options.flagSurnames, found, normalized);
  // An address already flagged as a participant's identity is not flagged again as a plain email, nor
  // either of them as a link.
  const isIdentity = overlapIndex(identity.flatMap((f) => f.spans));
  const alias = input.alias.toLowerCase();
  const emails: Flag[] = found
    .filter(({ address, span }) => address !== alias && !isIdentity(span))
    .map(({ address, span }) => ({ type: 'email', severity: 'review', excerpt: excerptOf(text, span), spans: [span], detail: address }));
  const isAddress = overlapIndex([...identity, ...emails].flatMap((f) => f.spans));
  const urls = findUrls(text).filter((u) => !isAddress(u.spans[0]!));
  const phones = digits ? findPhones(text, options.defaultCountry) : [];
  const isPhone = overlapIndex(phones.flatMap((f) => f.spans));
  const spelledEmails = findSpelledEmails(text);
  const inSpelledEmail = overlapIndex(spelledEmails.flatMap((f) => f.spans));
  const concepts = findConcepts(text, input.senderRole, normalized);
  // The learned detector speaks where no pattern found grooming or a disclosure: one flag, not two, for the same words.
  const learned = concepts.some((f) => f.severity === 'urgent') ? [] : findLearned(text, normalized, input.senderRole, options.model);
  return [
    ...phones,
    ...emails,
    ...urls,
    ...(digits ? findAddresses(text) : []),
    ...handleFlags(text, terms.filter((m) => handleTerms.has(m.rule))),
    ...identity,
    ...keywordFlags(text, terms.filter((m) => !handleTerms.has(m.rule))),
    ...concepts,
    ...learned,
    ...spelledEmails.filter((f) => !isAddress(f.spans[0]!)),
    // A link written out, but not the domain of an address written out (the email detectors' own).
    ...findSpelledLinks(text).filter((f) => !isAddress(f.spans[0]!) && !inSpelledEmail(f.spans[0]!)),
    ...findSpelledPhones(text).filter((f) => !isPhone(f.spans[0]!)),
  ];
}

/**
 * Where a text holds invisible characters: all of them (removed before matching) and those that are
 * flagged. A zero-width joiner or variation selector inside an emoji sequence, and a direction mark
 * beside Arabic or Hebrew, are how those are written, not a disguise: removed, but not flagged.
 */
function findInvisible(text: string): { all: { at: number; length: number }[]; flagged: number[] } {
  const all: { at: number; length: number }[] = [];
  const flagged: number[] = [];
  // Every invisible character is outside ASCII: a pure ASCII text (most mail) is told apart natively,
  // several times faster than a scan with the character class.
  if (Buffer.byteLength(text, 'utf8') === text.length || !INVISIBLE_ONE.test(text)) return { all, flagged };
  let visible = ''; // the last visible character before the current run of invisible ones
  let end = 0;
  for (const m of text.matchAll(INVISIBLE)) {
    const i = m.index!;
    const ch = m[0];
    if (i > end) visible = lastCharBefore(text, i);
    end = i + ch.length;
    all.push({ at: i, length: ch.length });
    if (sequencePart.test(ch) && emoji.test(visible)) continue; // 👨‍👩‍👧, ❤️, a flag's tag characters
    if (variationSelector.test(ch) && han.test(visible)) continue; // an ideographic variation
    if (directionMark.test(ch) && (rtl.test(visible) || rtl.test(text.slice(end, end + 2)))) continue;
    flagged.push(i);
  }
  return { all, flagged };
}
const INVISIBLE_ONE = new RegExp(INVISIBLE.source, 'u');
const sequencePart = /[\u200D\uFE0E\uFE0F\u{E0020}-\u{E007F}]/u;
const variationSelector = /[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u;
const directionMark = /[\u200E\u200F\u061C]/;
const emoji = /^[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u20E3]$/u;
const han = /^\p{Script=Han}$/u;
const rtl = /[\p{Script=Arabic}\p{Script=Hebrew}]/u;

/** The whole character (a surrogate pair is one) that ends just before `i`. */
function lastCharBefore(text: string, i: number): string {
  const low = text.charCodeAt(i - 1);
  return low >= 0xdc00 && low <= 0xdfff && i >= 2 ? text.slice(i - 2, i) : text.slice(i - 1, i);
}

function invisibleFlag(text: string, at: number[]): Flag {
  const counts = new Map<string, number>();
  const charAt = (i: number) => String.fromCodePoint(text.codePointAt(i)!);
  for (const i of at) counts.set(invisibleName(charAt(i)), (counts.get(invisibleName(charAt(i))) ?? 0) + 1);
  const what = [...counts].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name)).join(', ');
  const first = at[0]!;
  return {
    type: 'invisible',
    severity: 'review',
    excerpt: excerptOf(text, { start: first, end: first + charAt(first).length }).replace(INVISIBLE, '⟨?⟩'),
    spans: at.slice(0, MAX_FLAGS_PER_TYPE).map((i) => ({ start: i, end: i + charAt(i).length })),
    detail: `${at.length} invisible character${at.length > 1 ? 's' : ''} (${what}): removed before screening, a way to slip words past a filter`,
  };
}

/** Text past this length is not screened (and the message is flagged for it): no mentoring message is that long. */
export const MAX_SCREENED_CHARS = 1_000_000;

/** Screens a message: every detector over the subject and the body, plus the attachments. */
export function screenMessage(input: ScreeningInput, options: ScreeningOptions, rules: CompiledRule[] = compileRules(options.keywords)): Flag[] {
  const subject = screenText(input.subject.slice(0, 10_000), input, options, rules).map((f) => ({ ...f, field: 'subject' as const }));
  const text = input.text.slice(0, MAX_SCREENED_CHARS);
  const body = screenText(text, input, options, rules);
  const tooLong: Flag[] =
    input.text.length > MAX_SCREENED_CHARS || input.textTruncated
      ? [{ type: 'attachment', severity: 'review', excerpt: 'a very long text', spans: [], detail: `only the first ${MAX_SCREENED_CHARS} characters of the text were screened` }]
      : [];
  const parts: Flag[] = [];
  // What a flag matched, to list a match once: the HTML alternative usually says what the text says,
  // and the HTML as shown says what the HTML says.
  const seen = new Set(body.map((f) => `|${matchKey(f, text)}`));
  for (const part of input.parts ?? []) {
    const text = part.text.slice(0, MAX_SCREENED_CHARS);
    const found = capped(screenText(text, input, options, rules)).map((f) => ({ ...f, field: part.field }));
    // Only the text, the HTML and the HTML as shown of one message are the same words twice.
    const alternative = /(^|\/)(html|html-rendered|body)$/.test(part.field);
    const message = part.field.slice(0, part.field.lastIndexOf('/') + 1);
    for (const f of found) {
      const key = `${message}|${matchKey(f, text)}`;
      if (alternative && seen.has(key)) continue;
      if (alternative) seen.add(key);
      parts.push(f);
    }
    if (part.truncated || part.text.length > MAX_SCREENED_CHARS) {
      parts.push({ type: 'attachment', severity: 'review', excerpt: 'a very long text', spans: [], detail: `only the first ${MAX_SCREENED_CHARS} characters were screened`, field: part.field });
    }
  }
  return [...capped(subject), ...capped(body), ...tooLong, ...parts, ...findAttachmentFlags(input.attachments, options.maxAttachmentBytes)];
}

/** A flag's type and the words it matched (invisible characters and spacing aside). */
function matchKey(f: Flag, text: string): string {
  const span = f.spans[0];
  return `${f.type}|${span ? text.slice(span.start, span.end).replace(INVISIBLE, '').replace(/\s+/g, ' ').toLowerCase() : f.excerpt}`;
}
/** No reviewer reads more than this many flags of one type in one text; the rest are counted. */
export const MAX_FLAGS_PER_TYPE = 50;

/**
 * The first MAX_FLAGS_PER_TYPE flags of each type, and for each type with more, one flag saying how
 * many more there are, with the highest severity among them (an urgent one still alerts). A text made
 * of phone numbers would otherwise store and show tens of thousands of flags.
 */
function capped(flags: Flag[]): Flag[] {
  const byType = new Map<string, Flag[]>();
  for (const f of flags) {
    const list = byType.get(f.type);
    if (list) list.push(f);
    else byType.set(f.type, [f]);
  }
  if ([...byType.values()].every((list) => list.length <= MAX_FLAGS_PER_TYPE)) return flags;
  const kept: Flag[] = [];
  for (const [type, list] of byType) {
    kept.push(...list.slice(0, MAX_FLAGS_PER_TYPE));
    const rest = list.slice(MAX_FLAGS_PER_TYPE);
    if (rest.length === 0) continue;
    kept.push({
      type: type as Flag['type'],
      severity: topSeverity(rest)!,
      excerpt: `${rest.length} more`,
      spans: [],
      detail: `${rest.length} more ${type} matches, not listed one by one`,
      ...(rest[0]!.field ? { field: rest[0]!.field } : {}),
    });
  }
  return kept;
}

export { compileRules };
