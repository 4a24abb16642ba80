import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useBrowser } from '../helpers/browser.js';
import { MENTOR, eventually, removeDir, setupPair, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { message, sendOnce } from '../helpers/smtp-client.js';

const RITA = { email: 'rita@program.example', name: 'Rita Reviewer', password: 'correct horse battery' };

const browser = useBrowser();
let t: TestRelay;
let base: string;
let ids: number[];


beforeEach(async () => {
  t = await startTestRelay();
  base = `http://127.0.0.1:${t.relay.httpPort}`;
  const { pair } = await setupPair(t);
  await t.relay.services.staff.create({ ...RITA, role: 'reviewer' });
  for (let n = 1; n <= 9; n++) {
    const raw = message({ from: `Morgan <${MENTOR.email}>`, subject: `Message ${n}`, body: `Hello Pat, this is message ${n}.` });
    expect(await sendOnce(t.smtpPort, MENTOR.email, [pair.alias], raw)).toBe(`250 2.0.0 Held for review as message ${n}`);
  }
  ids = (await t.api('GET', '/api/messages?status=held')).body.items.map((m: { id: number }) => m.id);
  expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  // Decided only once screening has read them, as a reviewer would.
  for (const id of ids) await eventually(async () => (await t.api('GET', `/api/messages/${id}`)).body.screenedAt);
});

afterEach(async () => {
  await t.stop();
  removeDir(t.dir);
});

async function logIn(): Promise<Page> {
  const page = await (await browser().newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(RITA.email);
  await page.getByLabel('Password').fill(RITA.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${base}/review`);
  return page;
}

const heading = (page: Page) => page.locator('h1').textContent();

describe('moving through the review queue', () => {
  it('"Next held message" walks the queue in order from any message, then wraps to the oldest', async () => {
    const page = await logIn();
    await page.goto(`${base}/review/messages/6`);
    await expect(heading(page)).resolves.toBe('Message 6');
    const visited: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.getByRole('link', { name: 'Next held message' }).click();
      await page.waitForLoadState();
      visited.push((await heading(page))!);
    }
    expect(visited).toEqual(['Message 7', 'Message 8', 'Message 9', 'Message 1']);
  });

  it('after a decision, opens the next held message after the decided one', async () => {
    const page = await logIn();
    await page.goto(`${base}/review/messages/6`);
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.waitForURL(`${base}/review/messages/7`);
    await expect(page.locator('.flash').textContent()).resolves.toBe('Message 6 approved.');
    await page.goto(`${base}/review/messages/9`);
    await page.getByLabel('Reason', { exact: true }).fill('Please keep to the program.');
    await page.getByRole('button', { name: 'Reject' }).click();
    // Nothing held after 9: the oldest one waiting.
    await page.waitForURL(`${base}/review/messages/1`);
    await expect(heading(page)).resolves.toBe('Message 1');
  });

  it('the e key opens the collapsed "Approve with edits" box and puts the cursor in its text', async () => {
    const page = await logIn();
    await page.goto(`${base}/review/messages/6`);
    const text = page.getByLabel('Text to forward');
    const original = await text.inputValue();
    expect(original.trim()).toBe('Hello Pat, this is message 6.');
    expect(await text.isVisible()).toBe(false);
    await page.keyboard.press('e');
    expect(await text.isVisible()).toBe(true);
    expect(await text.evaluate((el) => el === document.activeElement)).toBe(true);
    // The key only opened the box: it did not type an "e" into the text; the next keys do.
    await expect(text.inputValue()).resolves.toBe(original);
    await page.keyboard.type('Edited. ');
    await expect(text.inputValue()).resolves.toMatch(/Edited\. /);
  });
});
