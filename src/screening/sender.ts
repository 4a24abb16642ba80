import type { Flag } from './types.js';

/** What sender authentication found, as far as screening reads it (the stored SenderAuth has these fields). */
export interface SenderVerdict {
  mode: 'off' | 'flag' | 'enforce';
  fromAddress: string | null;
  spf: { result: string };
  dkim: { result: string };
  dmarc: { result: string };
  /** The DMARC policy the From domain publishes; null when it publishes none. */
  policy: 'none' | 'quarantine' | 'reject' | null;
  verified: boolean;
  /** A look-up failed for now: the same message may pass later. */
  temporary: boolean;
  /** In words, for the reviewer. */
  summary: string;
}

/**
 * The `sender` flag for a message whose sender is not verified (sender authentication in mode flag):
 * - urgent when the From domain asks receivers to quarantine or reject what fails DMARC (its owner
 *   says all its mail is authenticated, so this message very likely is not from them);
 * - info when the domain publishes nothing to check (no DMARC record, no SPF, no DKIM signature):
 *   every message from it looks the same, so a review flag on each would only teach reviewers to
 *   ignore the flag; the page still says the sender is not verified, hold-flagged never lets such a
 *   message go unread, and enforce refuses it;
 * - review otherwise: the domain publishes a policy or a record and the message failed it, or DNS failed.
 * Nothing when the sender is verified or nothing was checked.
 */
export function senderFlags(auth: SenderVerdict | null | undefined): Flag[] {
  if (!auth || auth.mode === 'off' || auth.verified) return [];
  const nothingPublished = auth.policy === null && auth.dmarc.result === 'none' && auth.spf.result === 'none' && auth.dkim.result === 'none' && !auth.temporary;
  const severity = auth.policy === 'quarantine' || auth.policy === 'reject' ? 'urgent' : nothingPublished ? 'info' : 'review';
  return [{ type: 'sender', severity, excerpt: `From: ${auth.fromAddress ?? '(no address)'}`, spans: [], detail: auth.summary }];
}
