import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/** Debian's Chromium, headless, kept from dialing out (this machine has no network beyond loopback). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Opens `path` in a new browser context of `width` px, logs in on the page it is sent to, and
 * returns the page after the login's redirect (the page asked for, or the role's start page).
 */
export async function logInAt(browser: Browser, base: string, path: string, who: { email: string; password: string }, width = 1280): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
  await page.goto(base + path);
  if (new URL(page.url()).pathname !== '/login') throw new Error(`${path} did not ask for a login`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
  return page;
}

/** Where screenshots go: the README's pictures with UPDATE_SCREENSHOTS=1, else the test's own folder. */
export function screenshotsDir(testDir: string): string {
  const dir = process.env.UPDATE_SCREENSHOTS ? fileURLToPath(new URL('../browser/screenshots/', import.meta.url)) : `${testDir}/screenshots/`;
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** One Chromium for a test file: launched before its first test, closed after its last. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser!;
}
