import type { Model } from './model.js';

export const flagTypes = ['phone', 'email', 'url', 'address', 'handle', 'participant-identity', 'keyword', 'grooming', 'disclosure', 'attachment', 'invisible', 'sender'] as const;
export type FlagType = (typeof flagTypes)[number];

export const severities = ['info', 'review', 'urgent'] as const;
export type Severity = (typeof severities)[number];

const rank: Record<Severity, number> = { info: 0, review: 1, urgent: 2 };

/** The highest severity among flags, or null when there is none. */
export function topSeverity(flags: Flag[]): Severity | null {
  return flags.reduce<Severity | null>((top, f) => (top === null || rank[f.severity] > rank[top] ? f.severity : top), null);
}

/** What a flag is, in words (a mark's title in the page): "grooming: meeting offline", "phone: 555-0100". */
export function flagLabel(f: Flag): string {
  const what = f.category ?? f.detail;
  return what ? `${f.type}: ${what}` : f.type;
}

/** A character range [start, end) in the screened text. */
export interface Span {
  start: number;
  end: number;
}

export interface Flag {
  type: FlagType;
  severity: Severity;
  /** The matched words with a little context, for the queue and for alerts. */
  excerpt: string;
  spans: Span[];
  /** What matched, when it is not obvious from the excerpt (the keyword, the attachment's name ...). */
  detail?: string;
  /**
   * Where the match is, when it is not the body text: `subject`, `html` (the HTML part read as text,
   * hidden markup included), `attachment:notes.txt` (a text-like attachment), `filename:notes.txt`,
   * and inside an attached message `message:fwd.eml/subject`, `message:fwd.eml/body`, ...
   */
  field?: string;
  /** For grooming and disclosure: which kind (secrecy, meeting offline, self-harm, abuse at home ...). */
  category?: string;
}

export interface Participant {
  name: string;
  emails: string[];
}

export interface KeywordRule {
  /** A word or a phrase; matched after normalizing case, accents, look-alikes, leetspeak and repeated letters. */
  term: string;
  severity: Severity;
  /** true: only as a whole word or phrase; false: anywhere, inside longer words too. */
  wholeWord: boolean;
  /** Why it matters, shown to the reviewer (e.g. "secrecy"). */
  category?: string;
}

export interface AttachmentInfo {
  filename: string | null;
  contentType: string;
  size: number;
  /** For a ZIP archive: the names of the files inside it; null when they could not be read. */
  entries?: string[] | null;
  /** What its bytes say it is, whatever its name (contentKind). */
  kind?: 'executable' | 'zip' | null;
  /** It cannot be read (an attached message nested too deep), so it is not forwarded: why. */
  unreadable?: string;
}

/** Everything screening looks at: plain values, no I/O. */
export interface ScreeningInput {
  subject: string;
  /** The body as text (HTML already converted). */
  text: string;
  /** The text was cut before screening (a very long message): flagged, so a person looks at the rest. */
  textTruncated?: boolean;
  attachments: AttachmentInfo[];
  /**
   * Every other text the recipient can see, each read like the body: the HTML as text, text-like
   * attachments, file names, attached messages' subjects, headers and texts.
   */
  parts?: { field: string; text: string; truncated?: boolean }[];
  sender: Participant;
  recipient: Participant;
  /** Whose words these are: the same words weigh more from a mentor to a protégé. */
  senderRole?: 'mentor' | 'protege';
  /** This pair's alias, and the relay's domain (any other alias there belongs to another pair). */
  alias: string;
  domain: string;
}

export interface ScreeningOptions {
  /** Country for numbers written without an international prefix (ISO 3166 code, e.g. US, GB). */
  defaultCountry: string;
  /** The program shows first names only: a participant's surname in a message is flagged. */
  flagSurnames: boolean;
  keywords: KeywordRule[];
  /** Attachments larger than this are flagged. */
  maxAttachmentBytes: number;
  /** The learned detector's weights (model.ts); the ones shipped when not given. */
  model?: Model;
}
