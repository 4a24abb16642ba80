import { randomBytes } from 'node:crypto';

// RFC 4648 base32 alphabet, lower-case: no 0/1/8/9, so no o/0 or l/1 mix-ups when read aloud.
const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';

/** A new unguessable alias local part: `pair-` + 10 base32 characters (50 random bits). */
export function newAlias(): string {
  const bytes = randomBytes(10);
  let out = '';
  for (const b of bytes) out += alphabet[b & 31];
  return `pair-${out}`;
}

/** The alias local part of an address at the relay's domain, lower-cased; null for another domain. */
export function aliasOf(address: string, domain: string): string | null {
  const at = address.lastIndexOf('@');
  if (at < 1) return null;
  if (address.slice(at + 1).toLowerCase() !== domain) return null;
  return address.slice(0, at).toLowerCase();
}
