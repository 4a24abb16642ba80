import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import type { ARCData } from 'mailauth';
import { getDomain } from 'tldts';
import type { RawMessage } from './archive.js';
import { createResolver, type DnsResolve } from './dns.js';

export type SenderAuthMode = 'off' | 'flag' | 'enforce';
export type DmarcPolicy = 'none' | 'quarantine' | 'reject';

/** What sender authentication found for one message; stored with it, shown to the reviewer. */
export interface SenderAuth {
  mode: SenderAuthMode;
  /** The identity checked: the header From's addr-spec (the envelope sender when there is no From). */
  fromAddress: string | null;
  fromDomain: string | null;
  /** SPF (RFC 7208) for the envelope sender's domain (the HELO name's when MAIL FROM is empty). */
  spf: { result: string; domain: string | null; aligned: boolean };
  /** DKIM (RFC 6376): `none` when the message is not signed; each signature with its domain. */
  dkim: { result: string; signatures: { domain: string; selector: string | null; result: string; aligned: boolean }[] };
  /** DMARC (RFC 7489) for fromDomain: pass, fail, none (no record), temperror. */
  dmarc: { result: string };
  /** ARC (RFC 8617): none, pass or fail. Shown only: the relay trusts no forwarder's seal. */
  arc: { result: string };
  /** The DMARC policy fromDomain publishes; null when it publishes none (or it could not be read). */
  policy: DmarcPolicy | null;
  /** fromDomain is authenticated: an aligned SPF pass or an aligned DKIM pass (a DMARC pass). */
  verified: boolean;
  /** Not verified because a look-up failed for now (timeout, SERVFAIL): the same message may pass later. */
  temporary: boolean;
  /** In words, for the reviewer (and the flag's detail). */
  summary: string;
}

export interface SenderAuthInput {
  raw: RawMessage;
  fromAddress: string | null;
  mailFrom: string;
  clientAddress: string | null;
  helo: string | null;
}

export type SenderAuthenticator = (input: SenderAuthInput) => Promise<SenderAuth>;

const NOT_CHECKED = 'not checked';

/** What is stored when sender authentication is off: nothing was looked up. */
export function notChecked(fromAddress: string | null): SenderAuth {
  return {
    mode: 'off',
    fromAddress,
    fromDomain: domainOf(fromAddress),
    spf: { result: NOT_CHECKED, domain: null, aligned: false },
    dkim: { result: NOT_CHECKED, signatures: [] },
    dmarc: { result: NOT_CHECKED },
    arc: { result: NOT_CHECKED },
    policy: null,
    verified: false,
    temporary: false,
    summary: 'Not checked: sender authentication is turned off on this relay.',
  };
}

/**
 * Checks SPF, DKIM, DMARC and ARC for a message at the end of DATA (before the storage transaction:
 * this is network I/O), every look-up through the configured DNS servers. `mta` names the relay in
 * the results. With mode `off`, nothing is looked up.
 */
export function createSenderAuthenticator(settings: { mode: SenderAuthMode; dnsServers: readonly string[]; dnsTimeoutMs: number }, mta: string): SenderAuthenticator {
  if (settings.mode === 'off') return async (input) => notChecked(input.fromAddress);
  const resolve = createResolver(settings.dnsServers, settings.dnsTimeoutMs);
  const mode = settings.mode;
  return (input) => authenticate(mode, input, resolve, mta).catch((err: unknown) => failedCheck(mode, input.fromAddress, err));
}

/**
 * The check itself broke (mailauth threw on a message it could not read): counted as a temporary
 * failure, so that `flag` still holds the message for a person and `enforce` asks the client to retry.
 */
function failedCheck(mode: SenderAuthMode, fromAddress: string | null, err: unknown): SenderAuth {
  const reason = err instanceof Error ? err.message : String(err);
  return {
    ...notChecked(fromAddress),
    mode,
    spf: { result: 'temperror', domain: null, aligned: false },
    dkim: { result: 'temperror', signatures: [] },
    dmarc: { result: 'temperror' },
    arc: { result: 'temperror' },
    temporary: true,
    summary: `${fromAddress ?? 'The sender'} could not be verified: the check failed (${reason}).`,
  };
}

const isTemporary = (result: string) => result === 'temperror' || result === 'temperr';

async function authenticate(mode: SenderAuthMode, input: SenderAuthInput, resolver: DnsResolve, mta: string): Promise<SenderAuth> {
  const fromAddress = input.fromAddress;
  const fromDomain = domainOf(fromAddress);
  // Loaded on first use: a relay with sender authentication off never loads it.
  const { arc, dkimVerify, dmarc, spf } = await import('mailauth');
  const sender = input.mailFrom || undefined;
  // The HELO name as given; an address literal in brackets (RFC 5321 §4.1.3); without HELO, the client's address.
  const helo = input.helo ? (isIP(input.helo) ? `[${input.helo}]` : input.helo) : input.clientAddress ? `[${input.clientAddress}]` : undefined;
  const [dkimResult, spfResult] = await Promise.all([
    dkimVerify(Readable.from(input.raw.parts), { resolver, sender }),
    input.clientAddress ? spf({ sender, ip: input.clientAddress, helo, mta, resolver }) : null,
  ]);
  // What mailauth's own authenticate() passes (its types say `chain` is never false here; it may be).
  const arcResult = await arc(dkimResult.arc as ARCData, { resolver });
  const signed = dkimResult.results.filter((r) => r.signingDomain);
  const dmarcResult = fromAddress
    ? await dmarc({
        headerFrom: fromAddress,
        spfDomains: spfResult?.status.result === 'pass' ? [spfResult.domain] : [],
        dkimDomains: signed.filter((r) => r.status.result === 'pass').map((r) => ({ id: r.id, domain: r.signingDomain, aligned: r.status.aligned, underSized: r.status.underSized })),
        arcResult,
        resolver,
      })
    : false;

  // Alignment as the domain's DMARC record asks (strict: the same domain; relaxed: the same
  // organizational domain), relaxed when it publishes none (RFC 7489 §3.1).
  const record = dmarcResult && (dmarcResult.status.result === 'pass' || dmarcResult.status.result === 'fail') ? dmarcResult : null;
  const spfResultText = spfResult?.status.result ?? 'none';
  const spfDomain = spfResult?.domain && spfResult.domain !== '-' ? spfResult.domain : null;
  const spfAligned = spfResultText === 'pass' && aligned(spfDomain, fromDomain, record?.alignment?.spf?.strict ?? false);
  const signatures = signed.map((r) => ({
    domain: r.signingDomain.toLowerCase(),
    selector: r.selector ?? null,
    result: r.status.result,
    aligned: r.status.result === 'pass' && aligned(r.signingDomain, fromDomain, record?.alignment?.dkim?.strict ?? false),
  }));
  const dmarcText = dmarcResult ? dmarcResult.status.result : 'none';
  const verified = dmarcText === 'pass' || (dmarcText !== 'fail' && (spfAligned || signatures.some((s) => s.aligned)));
  // Temporary only when a look-up that could still give an aligned pass failed: a signature of a
  // sender's own domain whose DNS never answers must not turn a forgery into "try again later". A
  // DMARC record that could not be read changes the policy, not the answer.
  const couldAlign = (domain: string | null) => aligned(domain, fromDomain, false);
  const temporary = !verified && ((isTemporary(spfResultText) && couldAlign(spfDomain)) || signatures.some((s) => isTemporary(s.result) && couldAlign(s.domain)));
  const auth: SenderAuth = {
    mode,
    fromAddress,
    fromDomain,
    spf: { result: spfResultText, domain: spfDomain, aligned: spfAligned },
    dkim: { result: signatures.find((s) => s.result === 'pass')?.result ?? signatures[0]?.result ?? 'none', signatures },
    dmarc: { result: dmarcText },
    arc: { result: arcResult?.status?.result ?? 'none' },
    policy: record ? policyOf(record.policy) : null,
    verified,
    temporary,
    summary: '',
  };
  auth.summary = describeSenderAuth(auth);
  return auth;
}

function domainOf(address: string | null): string | null {
  if (!address) return null;
  const at = address.lastIndexOf('@');
  return at >= 0 && at < address.length - 1 ? address.slice(at + 1).toLowerCase() : null;
}

const organizational = (domain: string) => getDomain(domain, { allowPrivateDomains: true }) ?? domain;

function aligned(domain: string | null, fromDomain: string | null, strict: boolean): boolean {
  if (!domain || !fromDomain) return false;
  const a = domain.toLowerCase();
  const b = fromDomain.toLowerCase();
  return strict ? a === b : organizational(a) === organizational(b);
}

function policyOf(p: string | undefined): DmarcPolicy {
  const v = (p ?? '').trim().toLowerCase();
  // An unknown policy is read as none (RFC 7489 §6.6.3).
  return v === 'quarantine' || v === 'reject' ? v : 'none';
}

/** The results in one sentence a reviewer understands. */
export function describeSenderAuth(a: SenderAuth): string {
  if (a.mode === 'off') return notChecked(a.fromAddress).summary;
  const who = a.fromAddress ?? 'The sender';
  const domain = a.fromDomain ?? 'its domain';
  if (a.verified) {
    const how = [a.spf.aligned ? 'SPF' : null, a.dkim.signatures.some((s) => s.aligned) ? 'DKIM' : null].filter(Boolean).join(' and ');
    return `${who} is verified: ${how || 'DMARC'} passed for ${domain}.`;
  }
  const found = `SPF: ${a.spf.result}${a.spf.domain ? ` for ${a.spf.domain}` : ''}; DKIM: ${
    a.dkim.signatures.length === 0 ? 'no signature' : a.dkim.signatures.map((s) => `${s.result} for ${s.domain}`).join(', ')
  }`;
  if (a.temporary) return `${who} could not be verified yet: a DNS look-up failed, so SPF or DKIM could not be checked for ${domain} (${found}).`;
  const published =
    a.policy !== null ? `${domain} publishes DMARC p=${a.policy}` : a.dmarc.result === 'none' ? `${domain} publishes no DMARC record` : `the DMARC record of ${domain} could not be read`;
  return `${who} is not verified: ${published}, and neither SPF nor DKIM passed for it (${found}).`;
}
