import { generateKeyPairSync } from 'node:crypto';
import { dkimSign, type DKIMSignOptions } from 'mailauth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DeepPartial } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { startTestDns, type TestDns } from '../helpers/dns.js';
import { MENTOR, PROTEGE, eventually, removeDir, setupPair, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { SmtpClient, message } from '../helpers/smtp-client.js';

// Sender authentication through real SMTP, against a DNS server of the test's own on 127.0.0.1:
// corp.example (the mentor's domain) lets only 127.0.0.2 send, signs with DKIM and asks receivers to
// reject what fails DMARC; evil.example is the attacker's, with SPF of its own; school.example (the
// protégé's) publishes nothing.

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const DKIM_KEY = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const RECORDS = {
  'corp.example': 'v=spf1 ip4:127.0.0.2 -all',
  '_dmarc.corp.example': 'v=DMARC1; p=reject',
  'mail2026._domainkey.corp.example': `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`,
  'evil.example': 'v=spf1 ip4:127.0.0.1 -all',
};
const SAFEGUARDING = 'lead@program.example';

let dns: TestDns;
let t: TestRelay | null = null;
let alias = '';

beforeAll(async () => {
  dns = await startTestDns(RECORDS);
});
afterAll(async () => {
  await dns.close();
});
afterEach(async () => {
  dns.mode = 'answer';
  await t?.stop();
  if (t) removeDir(t.dir);
  t = null;
});

async function relay(mode: 'off' | 'flag' | 'enforce', overrides: DeepPartial<Config> = {}) {
  t = await startTestRelay({ ...overrides, senderAuth: { mode, dnsServers: [dns.server], dnsTimeoutMs: 300 }, screening: { safeguardingContacts: [SAFEGUARDING] } });
  ({ pair: { alias } } = await setupPair(t));
  return t;
}

/** One SMTP transaction to the pair's alias from `client` (a loopback address), saying EHLO `helo`. */
async function send(mailFrom: string, raw: Buffer, client = '127.0.0.1', helo = 'mail.corp.example'): Promise<string> {
  const c = await SmtpClient.connect(t!.smtpPort, client);
  try {
    await c.command(`EHLO ${helo}`);
    return await c.send(mailFrom, [alias], raw);
  } finally {
    await c.quit();
  }
}

/** The message signed by corp.example, as the mentor's provider would. */
async function signed(raw: Buffer): Promise<Buffer> {
  const options = { signatureData: [{ signingDomain: 'corp.example', selector: 'mail2026', privateKey: DKIM_KEY }] } as unknown as DKIMSignOptions;
  const { signatures, errors } = await dkimSign(raw, options);
  expect(errors).toEqual([]);
  return Buffer.concat([Buffer.from(signatures), raw]);
}

const heldId = (reply: string) => Number(/^250 2\.0\.0 Held for review as message (\d+)$/.exec(reply)![1]);
const detail = async (id: number) => (await t!.api('GET', `/api/messages/${id}`)).body;
const screened = (id: number) => eventually(async () => ((await detail(id)).screenedAt ? detail(id) : null));
const senderFlagsOf = (m: { flags: { type: string }[] }) => m.flags.filter((f) => f.type === 'sender');

const FORGED_REFUSAL =
  "550 5.7.1 This relay could not verify that the message comes from morgan@corp.example: neither SPF nor DKIM passed for corp.example. Please send it from your own mailbox, through your mail provider's server";

describe('sender authentication', () => {
  it('accepts an aligned SPF pass with no sender flag, and shows the envelope and results', async () => {
    await relay('enforce');
    const reply = await send(MENTOR.email, message({ from: `Morgan <${MENTOR.email}>` }), '127.0.0.2');
    const m = await screened(heldId(reply));
    expect(senderFlagsOf(m)).toEqual([]);
    expect(m.envelope).toEqual({ mailFrom: MENTOR.email, clientAddress: '127.0.0.2', helo: 'mail.corp.example' });
    expect(m.senderAuth).toMatchObject({
      mode: 'enforce',
      fromAddress: MENTOR.email,
      fromDomain: 'corp.example',
      spf: { result: 'pass', domain: 'corp.example', aligned: true },
      dkim: { result: 'none', signatures: [] },
      dmarc: { result: 'pass' },
      policy: 'reject',
      verified: true,
      temporary: false,
      summary: 'morgan@corp.example is verified: SPF passed for corp.example.',
    });
  });

  it('accepts an aligned DKIM pass from an address SPF does not allow, with no sender flag', async () => {
    await relay('enforce');
    const reply = await send(MENTOR.email, await signed(message({ from: `Morgan <${MENTOR.email}>`, body: 'Signed by my provider.' })));
    const m = await screened(heldId(reply));
    expect(senderFlagsOf(m)).toEqual([]);
    expect(m.senderAuth).toMatchObject({
      spf: { result: 'fail', domain: 'corp.example', aligned: false },
      dkim: { result: 'pass', signatures: [{ domain: 'corp.example', selector: 'mail2026', result: 'pass', aligned: true }] },
      dmarc: { result: 'pass' },
      verified: true,
      summary: 'morgan@corp.example is verified: DKIM passed for corp.example.',
    });
  });

  it('refuses a forgery of a p=reject domain with 550 5.7.1 under enforce, and stores nothing', async () => {
    const t = await relay('enforce');
    const reply = await send('attacker@evil.example', message({ from: `Morgan Mentor <${MENTOR.email}>`, body: 'Hi Pat, it is me, Morgan.' }));
    expect(reply).toBe(FORGED_REFUSAL);
    // A DKIM signature of the attacker's own domain is no better.
    const { privateKey: evilKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const evilSigned = await dkimSign(message({ from: MENTOR.email }), {
      signatureData: [{ signingDomain: 'evil.example', selector: 'x', privateKey: evilKey.export({ type: 'pkcs8', format: 'pem' }) }],
    } as unknown as DKIMSignOptions);
    expect(await send('attacker@evil.example', Buffer.concat([Buffer.from(evilSigned.signatures), message({ from: MENTOR.email })]))).toBe(FORGED_REFUSAL);
    expect((await t.api('GET', '/api/messages')).body.items).toEqual([]);
  });

  it('holds a forgery of a p=reject domain with an urgent sender flag under flag, alerts, and says why', async () => {
    await relay('flag');
    const reply = await send('attacker@evil.example', message({ from: `Morgan Mentor <${MENTOR.email}>`, body: 'Hi Pat, it is me, Morgan.' }), '127.0.0.1', 'evil.example');
    const id = heldId(reply);
    const m = await screened(id);
    expect(senderFlagsOf(m)).toEqual([
      {
        type: 'sender',
        severity: 'urgent',
        excerpt: 'From: morgan@corp.example',
        spans: [],
        detail: 'morgan@corp.example is not verified: corp.example publishes DMARC p=reject, and neither SPF nor DKIM passed for it (SPF: pass for evil.example; DKIM: no signature).',
      },
    ]);
    expect(m.envelope).toEqual({ mailFrom: 'attacker@evil.example', clientAddress: '127.0.0.1', helo: 'evil.example' });
    expect(m.senderAuth).toMatchObject({
      mode: 'flag',
      spf: { result: 'pass', domain: 'evil.example', aligned: false },
      dmarc: { result: 'fail' },
      policy: 'reject',
      verified: false,
      temporary: false,
    });
    expect((await t!.api('GET', '/api/messages?flag=sender&severity=urgent')).body.items.map((x: { id: number }) => x.id)).toEqual([id]);
    await eventually(async () => (await detail(id)).events.some((e: { type: string; detail: { to?: string } | null }) => e.type === 'alerted' && e.detail?.to === SAFEGUARDING));
  });

  it('marks a sender whose domain publishes nothing to check (info), and never lets it through unread in hold-flagged mode', async () => {
    const t = await relay('flag', { review: { mode: 'hold-flagged', samplePercent: 0 } });
    const pairs = (await t.api('GET', '/api/pairs')).body.items as { id: number }[];
    await t.api('PATCH', `/api/pairs/${pairs[0]!.id}`, { trusted: true });
    // The protégé writes from 127.0.0.1, which school.example does not list: it lists nothing.
    const id = heldId(await send(PROTEGE.email, message({ from: PROTEGE.email }), '127.0.0.1', 'laptop'));
    // A verified mentor's message after it is let through: screening has decided about the first one by then.
    const verified = heldId(await send(MENTOR.email, message({ from: `Morgan <${MENTOR.email}>` }), '127.0.0.2'));
    await eventually(async () => (await detail(verified)).status !== 'held');
    const m = await screened(id);
    expect(m.status).toBe('held');
    expect(senderFlagsOf(m)).toEqual([
      expect.objectContaining({
        severity: 'info',
        detail: 'pat@school.example is not verified: school.example publishes no DMARC record, and neither SPF nor DKIM passed for it (SPF: none for school.example; DKIM: no signature).',
      }),
    ]);
  });

  it('answers 451 4.7.0 under enforce when the DNS server fails or does not answer', async () => {
    const t = await relay('enforce');
    dns.mode = 'servfail';
    const tryLater = '451 4.7.0 The sender could not be verified right now (a DNS look-up failed); please try again later';
    expect(await send(MENTOR.email, message({ from: MENTOR.email }), '127.0.0.2')).toBe(tryLater);
    dns.mode = 'drop';
    expect(await send(MENTOR.email, message({ from: MENTOR.email }), '127.0.0.2')).toBe(tryLater);
    expect((await t.api('GET', '/api/messages')).body.items).toEqual([]);
    // The same message once DNS answers again.
    dns.mode = 'answer';
    expect(await send(MENTOR.email, message({ from: MENTOR.email }), '127.0.0.2')).toMatch(/^250 /);
  });

  it('holds for review under flag when DNS fails', async () => {
    await relay('flag');
    dns.mode = 'servfail';
    const m = await screened(heldId(await send(MENTOR.email, message({ from: MENTOR.email }), '127.0.0.2')));
    expect(senderFlagsOf(m)).toEqual([expect.objectContaining({ severity: 'review', detail: expect.stringMatching(/^morgan@corp\.example could not be verified yet: a DNS look-up failed/) })]);
    expect(m.senderAuth).toMatchObject({ verified: false, temporary: true, policy: null, dmarc: { result: 'temperror' } });
  });

  it('checks nothing when off, and records that', async () => {
    await relay('off');
    const before = dns.queries.length;
    const m = await screened(heldId(await send('attacker@evil.example', message({ from: MENTOR.email }))));
    expect(dns.queries.length).toBe(before);
    expect(senderFlagsOf(m)).toEqual([]);
    expect(m.senderAuth).toMatchObject({ mode: 'off', spf: { result: 'not checked' }, verified: false, summary: 'Not checked: sender authentication is turned off on this relay.' });
  });
});

describe('the sender is the From addr-spec, parsed before RFC 2047 decoding', () => {
  it('never credits an address inside an encoded word', async () => {
    const t = await relay('off');
    const forged = message({ from: '=?utf-8?q?morgan@corp.example=2C?= <mallory@evil.example>' });
    expect(await send('mallory@evil.example', forged)).toBe(
      `550 5.7.1 mallory@evil.example is not a participant of ${alias}: only the mentor and the protege of a pair can write to its address`,
    );
    // The whole address encoded: display text with no address in it, so the sender is the envelope's.
    expect(await send('mallory@evil.example', message({ from: '=?utf-8?q?morgan=40corp=2Eexample?=' }))).toBe(
      `550 5.7.1 mallory@evil.example is not a participant of ${alias}: only the mentor and the protege of a pair can write to its address`,
    );
    expect((await t.api('GET', '/api/messages')).body.items).toEqual([]);
  });

  it('credits mallory when mallory is a participant, never Morgan', async () => {
    const t = await relay('off');
    const mallory = (await t.api('POST', '/api/people', { name: 'Mallory', email: 'mallory@evil.example', role: 'mentor' })).body;
    // A protégé of her own: a protégé has one mentor at a time.
    const kim = (await t.api('POST', '/api/people', { name: 'Kim', email: 'kim@school.example', role: 'protege' })).body;
    const pair = (await t.api('POST', '/api/pairs', { mentorId: mallory.id, protegeId: kim.id })).body;
    alias = pair.alias;
    const m = await detail(heldId(await send('mallory@evil.example', message({ from: '=?utf-8?q?morgan@corp.example=2C?= <mallory@evil.example>' }))));
    expect(m.sender).toMatchObject({ name: 'Mallory', address: 'mallory@evil.example' });
  });

  it('still reads a normal encoded display name', async () => {
    await relay('enforce');
    const m = await detail(heldId(await send(MENTOR.email, message({ from: `=?UTF-8?Q?Morgan_M=C3=A9ntor?= <${MENTOR.email}>` }), '127.0.0.2')));
    expect(m.sender).toMatchObject({ name: MENTOR.name, address: MENTOR.email });
    expect(m.senderAuth).toMatchObject({ fromAddress: MENTOR.email, verified: true });
  });

  it('checks DMARC for the addr-spec, not for an address in the display name', async () => {
    await relay('enforce');
    // SPF passes for corp.example (from 127.0.0.2), but the From is mallory's: corp.example's pass is not hers.
    const reply = await send(MENTOR.email, message({ from: '=?utf-8?q?morgan@corp.example=2C?= <mallory@evil.example>' }), '127.0.0.2');
    expect(reply).toBe(
      "550 5.7.1 This relay could not verify that the message comes from mallory@evil.example: neither SPF nor DKIM passed for evil.example. Please send it from your own mailbox, through your mail provider's server",
    );
  });
});
