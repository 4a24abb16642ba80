import { describe, expect, it } from 'vitest';
import { describeSenderAuth, notChecked, type SenderAuth } from '../../../src/messages/sender-auth.js';
import { senderFlags } from '../../../src/screening/sender.js';

const base: SenderAuth = {
  mode: 'flag',
  fromAddress: 'morgan@corp.example',
  fromDomain: 'corp.example',
  spf: { result: 'fail', domain: 'corp.example', aligned: false },
  dkim: { result: 'none', signatures: [] },
  dmarc: { result: 'fail' },
  arc: { result: 'none' },
  policy: 'reject',
  verified: false,
  temporary: false,
  summary: '',
};
const auth = (over: Partial<SenderAuth>): SenderAuth => {
  const a = { ...base, ...over };
  return { ...a, summary: describeSenderAuth(a) };
};

describe('senderFlags', () => {
  it('is urgent when the domain asks for quarantine or reject', () => {
    for (const policy of ['reject', 'quarantine'] as const) {
      expect(senderFlags(auth({ policy }))).toEqual([
        {
          type: 'sender',
          severity: 'urgent',
          excerpt: 'From: morgan@corp.example',
          spans: [],
          detail: `morgan@corp.example is not verified: corp.example publishes DMARC p=${policy}, and neither SPF nor DKIM passed for it (SPF: fail for corp.example; DKIM: no signature).`,
        },
      ]);
    }
  });

  it('is for review under p=none, without a DMARC record, and when DNS failed', () => {
    expect(senderFlags(auth({ policy: 'none' }))[0]!.severity).toBe('review');
    const none = senderFlags(auth({ policy: null, dmarc: { result: 'none' } }))[0]!;
    expect(none).toMatchObject({ severity: 'review', detail: expect.stringContaining('corp.example publishes no DMARC record') });
    const dns = senderFlags(auth({ policy: null, dmarc: { result: 'temperror' }, spf: { result: 'temperror', domain: 'corp.example', aligned: false }, temporary: true }))[0]!;
    expect(dns.severity).toBe('review');
    expect(dns.detail).toBe('morgan@corp.example could not be verified yet: a DNS look-up failed, so SPF or DKIM could not be checked for corp.example (SPF: temperror for corp.example; DKIM: no signature).');
  });

  it('is for information only when the domain publishes nothing to check (no DMARC, no SPF, no signature)', () => {
    const bare = auth({ policy: null, dmarc: { result: 'none' }, spf: { result: 'none', domain: 'corp.example', aligned: false } });
    expect(senderFlags(bare)).toMatchObject([{ type: 'sender', severity: 'info', detail: expect.stringContaining('corp.example publishes no DMARC record') }]);
    // A signature that fails, or an SPF record that fails, is evidence: review.
    const failedSignature: SenderAuth = { ...bare, dkim: { result: 'fail', signatures: [] } };
    const failedSpf: SenderAuth = { ...bare, spf: { result: 'softfail', domain: 'corp.example', aligned: false } };
    expect(senderFlags(failedSignature)[0]!.severity).toBe('review');
    expect(senderFlags(failedSpf)[0]!.severity).toBe('review');
  });

  it('says nothing for a verified sender, or when nothing was checked', () => {
    expect(senderFlags(auth({ verified: true, spf: { result: 'pass', domain: 'corp.example', aligned: true }, dmarc: { result: 'pass' } }))).toEqual([]);
    expect(senderFlags(notChecked('morgan@corp.example'))).toEqual([]);
    expect(senderFlags(null)).toEqual([]);
  });

  it('names the domain SPF passed for when it is not the From domain', () => {
    expect(describeSenderAuth({ ...base, spf: { result: 'pass', domain: 'evil.example', aligned: false } })).toBe(
      'morgan@corp.example is not verified: corp.example publishes DMARC p=reject, and neither SPF nor DKIM passed for it (SPF: pass for evil.example; DKIM: no signature).',
    );
  });
});
