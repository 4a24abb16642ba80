import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { useBrowser } from '../helpers/browser.js';
import { startTestDns, type TestDns } from '../helpers/dns.js';
import { MENTOR, eventually, removeDir, setupPair, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { SmtpClient, message } from '../helpers/smtp-client.js';

const RITA = { email: 'rita@program.example', name: 'Rita Reviewer', password: 'correct horse battery' };

const browser = useBrowser();
let dns: TestDns;
let t: TestRelay | null = null;

beforeAll(async () => {
  dns = await startTestDns({ 'corp.example': 'v=spf1 ip4:127.0.0.2 -all', '_dmarc.corp.example': 'v=DMARC1; p=reject', 'evil.example': 'v=spf1 ip4:127.0.0.1 -all' });
});
afterAll(async () => {
  await dns.close();
});
afterEach(async () => {
  await t?.stop();
  if (t) removeDir(t.dir);
});

it('shows the reviewer the envelope, the client, its HELO and what SPF, DKIM, DMARC and ARC found', async () => {
  t = await startTestRelay({ senderAuth: { mode: 'flag', dnsServers: [dns.server] } });
  const { pair } = await setupPair(t);
  await t.relay.services.staff.create({ ...RITA, role: 'reviewer' });
  const c = await SmtpClient.connect(t.smtpPort);
  await c.command('EHLO <b>evil</b>.example');
  const reply = await c.send('attacker@evil.example', [pair.alias], message({ from: `Morgan <${MENTOR.email}>`, body: 'It is me.' }));
  await c.quit();
  const id = Number(/message (\d+)$/.exec(reply)![1]);
  await eventually(async () => (await t!.api('GET', `/api/messages/${id}`)).body.screenedAt);

  const page = await (await browser().newContext()).newPage();
  const base = `http://127.0.0.1:${t.relay.httpPort}`;
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(RITA.email);
  await page.getByLabel('Password').fill(RITA.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${base}/review`);
  await page.goto(`${base}/review/messages/${id}`);

  const section = page.getByRole('region', { name: 'Sender authentication' });
  await expect(section.getByTestId('sender-summary').innerText()).resolves.toBe(
    'not verified morgan@corp.example is not verified: corp.example publishes DMARC p=reject, and neither SPF nor DKIM passed for it (SPF: pass for evil.example; DKIM: no signature).',
  );
  const rows = await section.locator('dt').evaluateAll((dts) => dts.map((dt) => `${dt.textContent}: ${dt.nextElementSibling?.textContent}`));
  expect(rows).toEqual([
    'Envelope sender: attacker@evil.example',
    'Client address: 127.0.0.1',
    // What the client said, as text: never markup.
    'HELO: <b>evil</b>.example',
    'SPF: pass for evil.example',
    'DKIM: none (not signed)',
    'DMARC: fail (corp.example publishes p=reject)',
    'ARC: none',
  ]);
  await expect(section.locator('.badge.urgent').count()).resolves.toBe(1);
  // The flag is listed with the others.
  await expect(page.getByRole('region', { name: 'Flags' }).innerText()).resolves.toContain('urgent sender');
});
