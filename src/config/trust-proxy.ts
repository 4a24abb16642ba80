import net from 'node:net';

/**
 * RELAY_TRUST_PROXY: which hops in front of the HTTP listener may tell the relay who the client is
 * (X-Forwarded-For) and whether it came over https (X-Forwarded-Proto). `false`: none; a number:
 * that many proxies; a list: the proxies' addresses or CIDRs. The login limit counts the address
 * found behind the trusted hops, so trusting every hop (`true`) would let a client write its own.
 */
export type TrustProxy = false | number | string[];

/** The one line a `true` stops start-up with. */
export const trustEveryHopRefused =
  'true is refused: trusting every hop lets a client write its own address in X-Forwarded-For, and so escape the login limit; give the number of proxies in front (1) or their addresses';

// proxy-addr (Fastify's) knows these ranges by name.
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Reads the environment's spelling: false, a hop count, or comma-separated addresses; `true` is kept for check() to refuse. */
export function trustProxyFromEnv(raw: string): unknown {
  const v = raw.trim().toLowerCase();
  if (['false', 'no', 'off', '0'].includes(v)) return false;
  if (['true', 'yes', 'on'].includes(v)) return true;
  if (/^\d+$/.test(v)) return Number(v);
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
}

/** Refuses `true` (see trustEveryHopRefused); returns a problem with the value in one line, or null. */
export function trustProxyProblem(value: unknown): string | null {
  if (value === true) return trustEveryHopRefused;
  if (!Array.isArray(value)) return null;
  const bad = value.find((entry) => typeof entry !== 'string' || !isAddressOrRange(entry.trim()));
  return bad === undefined ? null : `not a proxy address or CIDR: ${JSON.stringify(bad)} (give addresses such as 10.0.0.5 or 10.0.0.0/24, or a hop count)`;
}

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [ip = '', bits, ...rest] = entry.split('/');
  const family = net.isIP(ip);
  if (!family || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}
