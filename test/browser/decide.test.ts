import { simpleParser } from 'mailparser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useBrowser } from '../helpers/browser.js';
import { MENTOR, PROTEGE, removeDir, screened, setupPair, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { startSink, type Sink } from '../helpers/sink.js';
import { message, sendOnce } from '../helpers/smtp-client.js';

const RITA = { email: 'rita@program.example', name: 'Rita Reviewer', password: 'correct horse battery' };

const browser = useBrowser();
let t: TestRelay;
let sink: Sink;
let pair: { id: number; alias: string };
let base: string;
const contexts: BrowserContext[] = [];


beforeEach(async () => {
  sink = await startSink();
  t = await startTestRelay({ outbound: { url: `smtp://127.0.0.1:${sink.port}` } });
  base = `http://127.0.0.1:${t.relay.httpPort}`;
  ({ pair } = await setupPair(t));
  await t.relay.services.staff.create({ ...RITA, role: 'admin' });
});

afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close();
  await t.stop();
  await sink.close();
  removeDir(t.dir);
});

async function logIn(): Promise<Page> {
  const context = await browser().newContext();
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(RITA.email);
  await page.getByLabel('Password').fill(RITA.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${base}/review`);
  return page;
}

/** Sends a message from Morgan; resolves its id (not waiting for screening). */
async function send(subject: string, body = 'Hi Pat!'): Promise<number> {
  const reply = await sendOnce(t.smtpPort, MENTOR.email, [pair.alias], message({ from: `Morgan <${MENTOR.email}>`, subject, body }));
  return Number(/message (\d+)$/.exec(reply)![1]);
}

const status = async (id: number) => (await t.api('GET', `/api/messages/${id}`)).body.status as string;

/** Every form post the page makes (a decision is one). */
function posts(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST') seen.push(new URL(r.url()).pathname);
  });
  return seen;
}

describe('deciding only what can be decided, on the review page', () => {
  it('shows "screening…" and offers no Approve while screening has not read a message; the a key does nothing', async () => {
    await t.relay.screening!.stop();
    const id = await send('Not read yet');
    const page = await logIn();
    await expect(page.locator('table.queue').textContent()).resolves.toContain('screening…');
    expect(await page.getByLabel(`Select message ${id}: Not read yet`).isDisabled()).toBe(true);

    // goto waits for the page's load, so its script listens for keys.
    await page.goto(`${base}/review/messages/${id}`);
    await expect(page.getByTestId('not-approvable').textContent()).resolves.toMatch(/^screening… This message can be approved once screening has read it/);
    expect(await page.getByTestId('not-approvable').getByRole('link', { name: 'Reload' }).getAttribute('href')).toBe(`/review/messages/${id}`);
    expect(await page.getByRole('button', { name: 'Approve', exact: true }).count()).toBe(0);
    expect(await page.getByText('Approve with edits').count()).toBe(0);
    await expect(page.getByRole('button', { name: 'Reject' }).isVisible()).resolves.toBe(true);
    const sent = posts(page);
    await page.keyboard.press('a');
    // r runs after a in the same handler: once the reason box has focus, a has been handled.
    await page.keyboard.press('r');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('reason');
    expect(sent).toEqual([]);
    expect(await status(id)).toBe('held');

    t.relay.screening!.start();
    await screened(t, id);
    await page.getByTestId('not-approvable').getByRole('link', { name: 'Reload' }).click();
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(page.locator('.flash').textContent()).resolves.toBe(`Message ${id} approved.`);
    const [out] = await sink.waitFor(1);
    expect(out!.to).toEqual([PROTEGE.email]);
  });

  it('"Approve selected" skips a message still being screened and says so', async () => {
    const one = await send('One');
    const two = await send('Two');
    await screened(t, one);
    await screened(t, two);
    await t.relay.screening!.stop();
    const three = await send('Three');
    const page = await logIn();
    await page.getByLabel(`Select message ${one}: One`).check();
    await page.getByLabel(`Select message ${two}: Two`).check();
    // As from a page rendered before the checkbox was disabled (or a hand-made post): the server decides.
    await page.getByLabel(`Select message ${three}: Three`).evaluate((box: HTMLInputElement) => {
      box.disabled = false;
      box.checked = true;
    });
    await page.getByRole('button', { name: 'Approve selected' }).click();
    await expect(page.locator('.flash').textContent()).resolves.toBe('2 approved; 1 skipped: still being screened.');
    expect([await status(one), await status(two), await status(three)].map((s) => s !== 'held')).toEqual([true, true, false]);
    const received = await sink.waitFor(2);
    expect((await Promise.all(received.map(async (r) => (await simpleParser(r.raw)).subject))).sort()).toEqual(['One', 'Two']);
  });

  it('shows that the pair is paused and offers no Approve', async () => {
    const id = await send('Before the pause');
    await screened(t, id);
    await t.api('PATCH', `/api/pairs/${pair.id}`, { status: 'paused' });
    const page = await logIn();
    await page.goto(`${base}/review/messages/${id}`);
    await expect(page.getByTestId('not-approvable').textContent()).resolves.toBe('Pair paused: a message of a paused pair cannot be approved until the pair is active again. It can still be rejected.');
    expect(await page.getByRole('button', { name: 'Approve', exact: true }).count()).toBe(0);
    await t.api('PATCH', `/api/pairs/${pair.id}`, { status: 'closed' });
    await page.reload();
    await expect(page.getByTestId('not-approvable').textContent()).resolves.toMatch(/^Pair closed: a message of a closed pair cannot be approved\./);
  });

  it('asks before the a key approves a flagged message: Escape leaves it held, Enter approves', async () => {
    const id = await send('Office', 'The office number is 555-123-4567.');
    await screened(t, id);
    expect((await t.api('GET', `/api/messages/${id}`)).body.flags.map((f: { type: string; severity: string }) => `${f.type}:${f.severity}`)).toEqual(['phone:review']);
    const page = await logIn();
    await page.goto(`${base}/review/messages/${id}`);
    const sent = posts(page);
    const dialog = page.getByRole('dialog');

    await page.keyboard.press('a');
    await dialog.waitFor({ state: 'visible' });
    await expect(dialog.textContent()).resolves.toContain('This message has 1 flag (1 to review). Approve it anyway?');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(sent).toEqual([]);
    expect(await status(id)).toBe('held');

    await page.keyboard.press('a');
    await dialog.waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/review`);
    await expect(page.locator('.flash').textContent()).resolves.toBe(`Message ${id} approved.`);
    expect(sent).toEqual([`/review/messages/${id}/approve`]);
    const [out] = await sink.waitFor(1);
    expect((await simpleParser(out!.raw)).subject).toBe('Office');
  });
});
