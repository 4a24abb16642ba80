import { randomBytes } from 'node:crypto';

/** A new Message-ID (without angle brackets) at the relay's domain; reveals nothing of the sender. */
export function newRelayMessageId(domain: string): string {
  return `${randomBytes(12).toString('base64url')}@${domain}`;
}
