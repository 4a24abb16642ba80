import type { SenderAuth } from '../messages/sender-auth.js';
import type { Flag } from './types.js';

/**
 * The `sender` flag for a message whose sender is not verified (sender authentication in mode flag):
 * urgent when the From domain asks receivers to quarantine or reject what fails DMARC (its owner says
 * all its mail is authenticated, so this message very likely is not from them), review otherwise (no
 * DMARC record, or a DNS failure). Nothing when the sender is verified or nothing was checked.
 */
export function senderFlags(auth: SenderAuth | null | undefined): Flag[] {
  if (!auth || auth.mode === 'off' || auth.verified) return [];
  const severity = auth.policy === 'quarantine' || auth.policy === 'reject' ? 'urgent' : 'review';
  return [{ type: 'sender', severity, excerpt: `From: ${auth.fromAddress ?? '(no address)'}`, spans: [], detail: auth.summary }];
}
