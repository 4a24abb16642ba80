import { findAttachmentFlags } from './attachments.js';
import { emailsIn, findAddresses, findHandles, findPhones, findUrls } from './contact.js';
import { excerptOf, overlaps } from './excerpt.js';
import { findIdentity } from './identity.js';
import { compileRules, findKeywords, type CompiledRule } from './keywords.js';
import type { Flag, ScreeningInput, ScreeningOptions } from './types.js';

/** Flags of one piece of text (the subject or the body). Pure: no I/O. */
function screenText(text: string, input: ScreeningInput, options: ScreeningOptions, rules: CompiledRule[]): Flag[] {
  const found = emailsIn(text);
  const identity = findIdentity(text, input.sender, input.recipient, input.alias, input.domain, options.flagSurnames, found);
  // An address already flagged as a participant's identity is not flagged again as a plain email.
  const emails: Flag[] = found
    .filter(({ address, span }) => address !== input.alias.toLowerCase() && !identity.some((f) => f.spans.some((s) => overlaps(s, span))))
    .map(({ address, span }) => ({ type: 'email', severity: 'review', excerpt: excerptOf(text, span), spans: [span], detail: address }));
  const urls = findUrls(text).filter((u) => !identity.concat(emails).some((f) => f.spans.some((s) => overlaps(s, u.spans[0]!))));
  return [
    ...findPhones(text, options.defaultCountry),
    ...emails,
    ...urls,
    ...findAddresses(text),
    ...findHandles(text),
    ...identity,
    ...findKeywords(text, rules),
  ];
}

/** Text past this length is not screened (and the message is flagged for it): no mentoring message is that long. */
export const MAX_SCREENED_CHARS = 1_000_000;

/** Screens a message: every detector over the subject and the body, plus the attachments. */
export function screenMessage(input: ScreeningInput, options: ScreeningOptions, rules: CompiledRule[] = compileRules(options.keywords)): Flag[] {
  const subject = screenText(input.subject.slice(0, 10_000), input, options, rules).map((f) => ({ ...f, field: 'subject' as const }));
  const body = screenText(input.text.slice(0, MAX_SCREENED_CHARS), input, options, rules);
  const tooLong: Flag[] =
    input.text.length > MAX_SCREENED_CHARS || input.textTruncated
      ? [{ type: 'attachment', severity: 'review', excerpt: 'a very long text', spans: [], detail: `only the first ${MAX_SCREENED_CHARS} characters of the text were screened` }]
      : [];
  return [...subject, ...body, ...tooLong, ...findAttachmentFlags(input.attachments, options.maxAttachmentBytes)];
}

export { compileRules };
