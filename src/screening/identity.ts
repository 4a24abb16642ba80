import { emailsIn } from './contact.js';
import { excerptOf } from './excerpt.js';
import { normalize, type Normalized } from './normalize.js';
import type { Flag, Participant, Span } from './types.js';

/**
 * What gives away who a participant really is: either participant's own email address (quoted
 * replies and signatures leak them, and the relay would forward them), any other pair's alias,
 * and, when the program shows first names only, a participant's surname. A first name alone is
 * normal talk and is not flagged.
 */
export function findIdentity(
  text: string,
  sender: Participant,
  recipient: Participant,
  alias: string,
  domain: string,
  flagSurnames: boolean,
  emails: { address: string; span: Span }[] = emailsIn(text),
  normalized?: Normalized,
): Flag[] {
  const flags: Flag[] = [];
  const own = new Map<string, string>();
  for (const [who, p] of [['sender', sender], ['recipient', recipient]] as const) for (const e of p.emails) own.set(e.toLowerCase(), `${who}'s address`);
  for (const { address, span } of emails) {
    const whose = own.get(address);
    if (whose) flags.push({ type: 'participant-identity', severity: 'review', excerpt: excerptOf(text, span), spans: [span], detail: whose });
    else if (address.endsWith(`@${domain}`) && address !== alias.toLowerCase()) {
      flags.push({ type: 'participant-identity', severity: 'review', excerpt: excerptOf(text, span), spans: [span], detail: "another pair's alias" });
    }
  }
  if (flagSurnames) {
    const n = normalized ?? normalize(text);
    for (const [who, p] of [['sender', sender], ['recipient', recipient]] as const) {
      const parts = p.name.trim().split(/\s+/);
      if (parts.length < 2) continue;
      const surname = normalize(parts[parts.length - 1]!).text.trim();
      if (surname.length < 3) continue;
      for (let at = n.text.indexOf(surname); at >= 0; at = n.text.indexOf(surname, at + 1)) {
        const end = at + surname.length;
        if (/[a-z0-9]/.test(n.text[at - 1] ?? ' ') || /[a-z0-9]/.test(n.text[end] ?? ' ')) continue;
        let stop = end < n.index.length ? n.index[end]! : text.length;
        while (stop > n.index[at]! + 1 && !/[\p{L}\p{N}]/u.test(text[stop - 1]!)) stop--;
        const span: Span = { start: n.index[at]!, end: stop };
        flags.push({ type: 'participant-identity', severity: 'review', excerpt: excerptOf(text, span), spans: [span], detail: `${who}'s surname` });
      }
    }
  }
  return flags;
}
