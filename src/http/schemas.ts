import Type, { type TSchema } from 'typebox';
import { directions, messageStatuses } from '../messages/message.table.js';
import { onboardingSteps } from '../program/onboarding.table.js';
import { closeReasons, pairStatuses, pairStatusReasons, personRoles, settablePairStatuses } from '../program/program.table.js';
import { flagTypes, severities } from '../screening/types.js';
import { staffRoles } from '../staff/staff.table.js';
import { flagField } from '../stats/weekly.js';

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/**
 * A schema for one of the domain's `as const` lists: the list is written once, in the domain, and
 * the API's validation and OpenAPI document follow it.
 */
export const OneOf = <V extends readonly string[]>(values: V, options: { description?: string } = {}) => Type.Unsafe<V[number]>({ type: 'string', enum: [...values], ...options });

export const ErrorBody = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String({ description: 'The input field at fault' })) }) },
  { description: 'Every 4xx and 5xx answer' },
);

export const Id = Type.Integer({ minimum: 1 });
export const IdParams = Type.Object({ id: Id });

export const Organization = Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String(), createdAt: Type.String({ format: 'date-time' }) });
export const NewOrganization = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), kind: Type.String({ minLength: 1, maxLength: 50, description: 'school, company, nonprofit ...' }) },
  { additionalProperties: false },
);

export const Role = OneOf(personRoles);
export const Person = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  email: Nullable(Type.String({ description: 'The first address; the relay forwards to it. null for a person without one (a parent reached by phone or letter)' })),
  emails: Type.Array(Type.String(), { description: 'Every address the person writes from' }),
  role: Role,
  organizationId: Nullable(Type.Integer()),
  createdAt: Type.String({ format: 'date-time' }),
});
export const NewPerson = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.String({ minLength: 3, maxLength: 320 }),
    emails: Type.Optional(Type.Array(Type.String({ minLength: 3, maxLength: 320 }), { maxItems: 10, description: 'More addresses the person writes from' })),
    role: Role,
    organizationId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);
export const NewEmail = Type.Object({ email: Type.String({ minLength: 3, maxLength: 320 }) }, { additionalProperties: false });

export const PairStatus = OneOf(pairStatuses);
export const Pair = Type.Object({
  id: Type.Integer(),
  alias: Type.String({ description: 'The address both participants write to' }),
  status: PairStatus,
  mentorId: Type.Integer(),
  protegeId: Type.Integer(),
  startedAt: Type.String({ format: 'date-time' }),
  endedAt: Nullable(Type.String({ format: 'date-time' })),
  trusted: Type.Boolean({ description: "In moderation mode hold-flagged, this pair's unflagged messages are approved automatically" }),
  statusReason: Nullable(OneOf(pairStatusReasons, { description: 'Why the relay itself paused the pair' })),
  missing: Type.Optional(
    Type.Array(Type.Object({ personId: Type.Integer(), step: OneOf(onboardingSteps) }), {
      description: "A pending pair's missing onboarding steps (and a pair paused for an expired background check's), the mentor's first",
    }),
  ),
  closeReason: Nullable(OneOf(closeReasons)),
  closeNote: Nullable(Type.String()),
  rematch: Nullable(Type.Boolean({ description: 'Whether the participants are to be matched again (set when the pair is closed)' })),
});
export const NewPair = Type.Object({ mentorId: Id, protegeId: Id }, { additionalProperties: false });
export const PairPatch = Type.Object({ status: Type.Optional(OneOf(settablePairStatuses)), trusted: Type.Optional(Type.Boolean()) }, { additionalProperties: false, minProperties: 1 });
export const PairClosure = Type.Object(
  {
    reason: OneOf(closeReasons),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    rematch: Type.Boolean({ description: 'Whether the participants are to be matched again' }),
  },
  { additionalProperties: false },
);

export const MessageStatus = OneOf(messageStatuses);
export const Severity = OneOf(severities);
export const StaffRole = OneOf(staffRoles);
const Party = Type.Object({ id: Type.Integer(), name: Type.String(), address: Type.String() });
const Flag = Type.Object({
  type: OneOf(flagTypes),
  severity: Severity,
  excerpt: Type.String({ description: 'The matched words with a little context' }),
  spans: Type.Array(Type.Object({ start: Type.Integer(), end: Type.Integer() }), { description: 'Character ranges [start, end) in `text` (in the subject when field is subject)' }),
  detail: Type.Optional(Type.String({ description: 'What matched: the keyword and its category, the number, the file ...' })),
  category: Type.Optional(Type.String({ description: 'For grooming and disclosure flags: which kind (secrecy, meeting offline, self-harm, abuse at home ...)' })),
  field: Type.Optional(
    Type.String({ description: 'Where the match is when not in the text: subject, html, attachment:NAME, filename:NAME, message:NAME/… (inside an attached message)' }),
  ),
});
const messageFields = {
  id: Type.Integer(),
  pairId: Type.Integer(),
  alias: Type.String(),
  direction: OneOf(directions),
  status: MessageStatus,
  sender: Party,
  recipient: Party,
  subject: Type.String(),
  messageId: Nullable(Type.String({ description: "The Message-ID the sender's client wrote" })),
  relayMessageId: Type.String({ description: 'The Message-ID of the forwarded copy' }),
  receivedAt: Type.String({ format: 'date-time' }),
  size: Type.Integer(),
  attachmentCount: Type.Integer({ description: 'Parts marked as attachments (counted from MIME headers at arrival)' }),
  flags: Type.Array(Flag),
  screenedAt: Nullable(Type.String({ format: 'date-time', description: 'null while screening has not read the message yet' })),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Type.String({ format: 'date-time' })),
  reason: Nullable(Type.String()),
  note: Nullable(Type.String()),
  deliveredAt: Nullable(Type.String({ format: 'date-time' })),
  lastError: Nullable(Type.String()),
};
export const MessageSummary = Type.Object(messageFields);
const SenderAuth = Type.Object(
  {
    mode: Type.Union([Type.Literal('off'), Type.Literal('flag'), Type.Literal('enforce')], { description: 'The relay\'s RELAY_SENDER_AUTH when the message arrived' }),
    fromAddress: Nullable(Type.String({ description: "The header From's addr-spec (the envelope sender when there is no From): the identity checked" })),
    fromDomain: Nullable(Type.String()),
    spf: Type.Object({ result: Type.String({ description: 'pass, fail, softfail, neutral, none, temperror, permerror, or "not checked"' }), domain: Nullable(Type.String({ description: 'The domain SPF checked (MAIL FROM, or the HELO name)' })), aligned: Type.Boolean() }),
    dkim: Type.Object({
      result: Type.String({ description: 'none when the message is not signed' }),
      signatures: Type.Array(Type.Object({ domain: Type.String(), selector: Nullable(Type.String()), result: Type.String(), aligned: Type.Boolean() })),
    }),
    dmarc: Type.Object({ result: Type.String({ description: 'pass, fail, none (no DMARC record), temperror' }) }),
    arc: Type.Object({ result: Type.String() }),
    policy: Nullable(Type.Union([Type.Literal('none'), Type.Literal('quarantine'), Type.Literal('reject')], { description: "The From domain's DMARC policy" })),
    verified: Type.Boolean({ description: 'An aligned SPF or DKIM pass for fromDomain (a DMARC pass)' }),
    temporary: Type.Boolean({ description: 'Not verified because a DNS look-up failed' }),
    summary: Type.String({ description: 'The results in one sentence' }),
  },
  { description: 'SPF, DKIM, DMARC and ARC as checked when the message arrived' },
);
export const MessageDetail = Type.Object({
  ...messageFields,
  sha256: Type.String(),
  envelope: Type.Object(
    { mailFrom: Type.String({ description: 'MAIL FROM (empty for a bounce)' }), clientAddress: Nullable(Type.String()), helo: Nullable(Type.String({ description: 'The name the client gave in HELO/EHLO' })) },
    { description: 'The SMTP envelope as the sending client gave it' },
  ),
  senderAuth: Nullable(SenderAuth),
  text: Nullable(Type.String()),
  html: Nullable(Type.String({ description: 'Unsanitized: never insert it into a page as is' })),
  attachments: Type.Array(
    Type.Object({
      filename: Nullable(Type.String({ description: 'As shown and forwarded (invisible characters removed)' })),
      contentType: Type.String(),
      size: Type.Integer(),
      forwarded: Type.Boolean({ description: 'false: screening blocks it, and it is left out of the forwarded copy' }),
      removed: Nullable(Type.String({ description: 'Why it is left out of the forwarded copy' })),
    }),
  ),
  events: Type.Array(
    Type.Object({ type: Type.String(), actor: Type.String(), at: Type.String({ format: 'date-time' }), detail: Nullable(Type.Object({}, { additionalProperties: true })) }),
  ),
});
export const MessageQuery = Type.Object(
  {
    status: Type.Optional(MessageStatus),
    pairId: Type.Optional(Id),
    flag: Type.Optional(Type.String({ maxLength: 40, description: 'Only messages with a flag of this type' })),
    severity: Type.Optional(OneOf(severities, { description: 'Only messages with a flag of this severity' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
export const Approve = Type.Object(
  {
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 1_000_000, description: 'Approve with edits: this text is forwarded instead of the original text (the original stays archived)' })),
  },
  { additionalProperties: false },
);
export const Reject = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
export const Decision = Type.Object({
  id: Type.Integer(),
  status: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]),
  decidedBy: Type.String(),
  decidedAt: Type.String({ format: 'date-time' }),
});

export const StatsQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ description: 'YYYY-MM-DD; default: seven weeks before `to`' })),
    to: Type.Optional(Type.String({ description: 'YYYY-MM-DD; default: today' })),
    by: Type.Optional(OneOf(['pair', 'organization'] as const, { description: 'pair or organization; default: the whole program' })),
    format: Type.Optional(OneOf(['json', 'csv'] as const)),
  },
  { additionalProperties: false },
);
const count = (description: string) => Type.Integer({ description });
/**
 * `integer` or `string`, or null, as one JSON-schema type list: the response serializer writes a row of
 * these without trying each branch of a union in turn (a by-pair week is 10,000 rows of them).
 */
const OrNull = <T>(type: 'integer' | 'string', options: Record<string, unknown> = {}) => Type.Unsafe<T | null>({ type: [type, 'null'], ...options });
export const WeeklyRow = Type.Object({
  week: Type.String({ description: 'ISO week, e.g. 2026-W48' }),
  weekStart: Type.String({ description: 'The Monday, YYYY-MM-DD' }),
  pairId: Type.Optional(Type.Integer()),
  alias: Type.Optional(Type.String()),
  organizationId: Type.Optional(OrNull<number>('integer', { description: 'By organization; null: people without one' })),
  organization: Type.Optional(OrNull<string>('string')),
  pairs: Type.Optional(count('By organization: pairs one of its people is in, open or written that week')),
  pairsBothWrote: Type.Optional(count('By organization: of those, pairs where both sides wrote')),
  mentorToProtege: Type.Integer(),
  protegeToMentor: Type.Integer(),
  total: Type.Integer(),
  delivered: Type.Integer(),
  rejected: Type.Integer(),
  failed: Type.Integer(),
  pending: count('Held or approved and not yet delivered'),
  held: count('Waiting for a reviewer now'),
  approved: count('Approved by a reviewer (or by screening in hold-flagged mode)'),
  approvedWithEdits: count("Of the approved, forwarded as a reviewer's edited copy"),
  flagged: count('Messages with at least one flag'),
  ...Object.fromEntries(flagTypes.map((t) => [flagField(t), count(`Messages with a ${t} flag`)])),
  bothWrote: Type.Optional(Type.Boolean({ description: 'By pair: both sides wrote that week' })),
  lastMentorMessageAt: Type.Optional(OrNull<string>('string', { format: 'date-time', description: "By pair: the mentor's latest message before the week's end" })),
  lastProtegeMessageAt: Type.Optional(OrNull<string>('string', { format: 'date-time' })),
  medianReplyMinutes: Type.Optional(OrNull<number>('integer', { description: "By pair: minutes from a message to the other side's first message after it, for the week's replies" })),
  longestReplyMinutes: Type.Optional(OrNull<number>('integer')),
  medianHoldMinutes: Type.Optional(OrNull<number>('integer', { description: "By pair: minutes from receipt to the reviewer's decision, for the week's decided messages" })),
  longestHoldMinutes: Type.Optional(OrNull<number>('integer')),
});

export const Items = <T extends TSchema>(t: T) => Type.Object({ items: Type.Array(t) });
/** The error responses a route can give, for its schema (and so for the OpenAPI document). */
export const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, ErrorBody])) as Record<number, typeof ErrorBody>;
