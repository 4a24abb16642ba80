import { findAttachmentFlags } from './attachments.js';
import { emailsIn, findAddresses, findPhones, findUrls, handleFlags, handleRules } from './contact.js';
import { countBelow, excerptOf, overlapIndex } from './excerpt.js';
import { findIdentity } from './identity.js';
import { compileRules, keywordFlags, scanTerms, type CompiledRule } from './keywords.js';
import { topSeverity, type Flag, type ScreeningInput, type ScreeningOptions } from './types.js';

const handleTerms = new Set(handleRules);
const combined = new WeakMap<CompiledRule[], CompiledRule[]>();
/** The program's keyword rules and the app-name rules, as one list (made once per list, so its trie is too). */
function withHandles(rules: CompiledRule[]): CompiledRule[] {
  let all = combined.get(rules);
  if (!all) combined.set(rules, (all = [...rules, ...handleRules]));
  return all;
}

/** Flags of one piece of text (the subject or the body). Pure: no I/O. */
function screenText(text: string, input: ScreeningInput, options: ScreeningOptions, rules: CompiledRule[]): Flag[] {
  // The keyword list and the app names in one pass over the folded text, which also sees the digits.
  const { matches: terms, digits } = scanTerms(text, withHandles(rules));
  const found = emailsIn(text);
  const identity = findIdentity(text, input.sender, input.recipient, input.alias, input.domain, options.flagSurnames, found);
  // An address already flagged as a participant's identity is not flagged again as a plain email, nor
  // either of them as a link.
  const isIdentity = overlapIndex(identity.flatMap((f) => f.spans));
  const alias = input.alias.toLowerCase();
  const emails: Flag[] = found
    .filter(({ address, span }) => address !== alias && !isIdentity(span))
    .map(({ address, span }) => ({ type: 'email', severity: 'review', excerpt: excerptOf(text, span), spans: [span], detail: address }));
  const isAddress = overlapIndex([...identity, ...emails].flatMap((f) => f.spans));
  const urls = findUrls(text).filter((u) => !isAddress(u.spans[0]!));
  return [
    // Phone numbers and street addresses need a digit: the fold has looked at every character already.
    ...(digits ? findPhones(text, options.defaultCountry) : []),
    ...emails,
    ...urls,
    ...(digits ? findAddresses(text) : []),
    ...handleFlags(text, terms.filter((m) => handleTerms.has(m.rule)).map((m) => m.span)),
    ...identity,
    ...keywordFlags(text, terms.filter((m) => !handleTerms.has(m.rule))),
  ];
}

/** Text past this length is not screened (and the message is flagged for it): no mentoring message is that long. */
export const MAX_SCREENED_CHARS = 1_000_000;

/** Screens a message: every detector over the subject and the body, plus the attachments. */
export function screenMessage(input: ScreeningInput, options: ScreeningOptions, rules: CompiledRule[] = compileRules(options.keywords)): Flag[] {
  const subject = screenText(input.subject.slice(0, 10_000), input, options, rules).map((f) => ({ ...f, field: 'subject' as const }));
  const text = input.text.slice(0, MAX_SCREENED_CHARS);
  const found = screenText(text, input, options, rules);
  const body = input.crlf ? atLfPlaces(found, text) : found;
  const tooLong: Flag[] =
    input.text.length > MAX_SCREENED_CHARS || input.textTruncated
      ? [{ type: 'attachment', severity: 'review', excerpt: 'a very long text', spans: [], detail: `only the first ${MAX_SCREENED_CHARS} characters of the text were screened` }]
      : [];
  return [...capped(subject), ...capped(body), ...tooLong, ...findAttachmentFlags(input.attachments, options.maxAttachmentBytes)];
}

/**
 * Flags found in a text with CRLF line breaks, moved to their places in the text the reviewer sees,
 * where each CRLF is one LF: spans move back by the CRs before them, excerpts are taken anew from that
 * text, and the text quoted in a detail loses its CRs. Every detector reads a CRLF as it reads an LF
 * (a space between words), so they find the same things either way; a test holds them to it.
 */
function atLfPlaces(flags: Flag[], text: string): Flag[] {
  if (flags.length === 0) return flags;
  const crs: number[] = [];
  for (let at = text.indexOf('\r\n'); at >= 0; at = text.indexOf('\r\n', at + 2)) crs.push(at);
  if (crs.length === 0) return flags;
  const seen = text.replace(/\r\n/g, '\n');
  const place = (p: number) => p - countBelow(crs, p);
  return flags.map((f) => {
    const spans = f.spans.map((s) => ({ start: place(s.start), end: place(s.end) }));
    return { ...f, spans, excerpt: spans.length > 0 ? excerptOf(seen, spans[0]!) : f.excerpt, ...(f.detail === undefined ? {} : { detail: f.detail.replace(/\r\n/g, '\n') }) };
  });
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
