import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useBrowser, logInAt, screenshotsDir } from '../helpers/browser.js';
import { MENTOR, removeDir, setupPair, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { message, sendOnce } from '../helpers/smtp-client.js';

const CORA = { email: 'cora@program.example', name: 'Cora Coordinator', password: 'coordinator password' };
const REX = { email: 'rex@program.example', name: 'Rex Reviewer', password: 'reviewer password 1' };

const browser = useBrowser();
let t: TestRelay;
let base: string;


beforeEach(async () => {
  t = await startTestRelay();
  base = `http://127.0.0.1:${t.relay.httpPort}`;
  await t.relay.services.staff.create({ ...CORA, role: 'coordinator' });
  await t.relay.services.staff.create({ ...REX, role: 'reviewer' });
});

afterEach(async () => {
  await t.stop();
  removeDir(t.dir);
});


const fitsWidth = async (page: Page, width: number) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

/** A program in the middle of its term: pairs active and paused, people waiting, messages held. */
async function seedProgram() {
  const { pair, mentor } = await setupPair(t);
  const corp = (await t.api('GET', '/api/organizations')).body.items.find((o: { name: string }) => o.name === 'Acme Corp');
  const school = (await t.api('GET', '/api/organizations')).body.items.find((o: { name: string }) => o.name === 'Lincoln High');
  const add = async (name: string, email: string, role: string, organizationId: number | null) =>
    (await t.api('POST', '/api/people', { name, email, role, organizationId })).body as { id: number };
  const m2 = await add('Alexandra Fitzgerald-Montgomery', 'alexandra.fitzgerald-montgomery@engineering.corp.example', 'mentor', corp.id);
  const p2 = await add('Sam Student', 'sam.student@school.example', 'protege', school.id);
  await add('Jo Waiting', 'jo@school.example', 'protege', school.id);
  await add('Lee Loose', 'lee@volunteers.example', 'mentor', null);
  await add('Terry Teacher', 'terry@school.example', 'staff', null);
  const paused = (await t.api('POST', '/api/pairs', { mentorId: m2.id, protegeId: p2.id })).body;
  await t.api('PATCH', `/api/pairs/${paused.id}`, { status: 'paused' });
  for (const subject of ['Thursday session', 'The essay draft']) {
    await sendOnce(t.smtpPort, MENTOR.email, [pair.alias], message({ from: `Morgan <${MENTOR.email}>`, subject, body: 'Hi Pat!' }));
  }
  // The coordinator looks in later in the afternoon: the oldest message has waited a while.
  t.clock.advance(3 * 60 * 60 * 1000 + 20 * 60 * 1000);
  return { pair, mentor };
}

const logIn = (who: { email: string; password: string }, width: number, path = '/program') => logInAt(browser(), base, path, who, width);

describe('the coordinator pages in Chromium', () => {
  it('shows a reviewer no Program link and refuses them every program page', async () => {
    const page = await logIn(REX, 1280, '/review');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Program' }).count()).resolves.toBe(0);
    for (const path of ['/program', '/program/organizations', '/program/people', '/program/pairs', '/program/staff']) {
      const res = await page.goto(base + path);
      expect(res?.status(), path).toBe(403);
      await expect(page.locator('h1').textContent()).resolves.toBe('Not allowed');
    }
  });

  it('lets a coordinator on a 375 px phone create an organization (Tab and Enter only), close a pair from the keyboard and open another', async () => {
    await setupPair(t);
    const page = await logIn(CORA, 375);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('What needs attention');
    await page.goto(`${base}/program/organizations`);
    await fitsWidth(page, 375);
    // From the page's first field, Tab goes name → kind → the button, and Enter submits.
    await page.getByLabel('Name', { exact: true }).last().focus();
    await page.keyboard.type('Riverside <Youth> Club');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('new-org-kind');
    await page.keyboard.type('nonprofit');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Create organization');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/program/organizations`);
    await expect(page.getByRole('status').textContent()).resolves.toBe('Organization Riverside <Youth> Club created.');
    await expect(page.locator('table.program tbody tr').last().locator('td.title').textContent()).resolves.toBe('Riverside <Youth> Club');
    await fitsWidth(page, 375);

    // The pair from setupPair is open; close it with the keyboard: Close…, then the reason (the first
    // choice has the focus), the rematch decision and the button.
    await t.api('POST', '/api/people', { name: 'Lee Loose', email: 'lee@volunteers.example', role: 'mentor' });
    await page.goto(`${base}/program/pairs`);
    await fitsWidth(page, 375);
    await page.getByRole('link', { name: /^Close Morgan Mentor and Pat Protege/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/close$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Close the pair Morgan Mentor ↔ Pat Protege?');
    await expect(page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).resolves.toBe('completed');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown'); // "No": moving within the group checks the choice
    await page.keyboard.press('Tab');
    await page.keyboard.type('Ran its course over the school year');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Close this pair');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/program/pairs`);
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/^Pair .+ closed\.$/);
    const [closed] = (await t.api('GET', '/api/pairs')).body.items;
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'completed', rematch: false, closeNote: 'Ran its course over the school year' });
    await expect(page.locator('tr', { hasText: 'Morgan Mentor' }).locator('.badge').textContent()).resolves.toBe('closed');

    // A new pair from the selects, which list those without an open pair first (Morgan and Pat's
    // closed pair never opens again: Pat gets another mentor).
    await page.getByLabel('Mentor', { exact: true }).focus();
    await page.getByLabel('Mentor', { exact: true }).selectOption({ label: 'Lee Loose (lee@volunteers.example)' });
    await page.keyboard.press('Tab');
    await page.getByLabel('Protégé', { exact: true }).selectOption({ label: 'Pat Protege (pat@school.example)' });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    // Already on /program/pairs: wait for the page the form leads to, by its message, not by its address.
    await page.getByRole('status').filter({ hasText: /^Pair created/ }).waitFor();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/^Pair created: they write to .+@relay\.test\.$/);
    await expect(page.locator('table.pairs tbody tr').first().locator('.badge').textContent()).resolves.toBe('active');
  });

  it('reads well at 375 px and at 1440 px: the overview and the pairs', async () => {
    await seedProgram();
    // UPDATE_SCREENSHOTS=1 refreshes the README's pictures; otherwise they go to a temporary folder.
    const shots = screenshotsDir(t.dir);
    for (const width of [375, 1440]) {
      const page = await logIn(CORA, width);
      await expect(page.getByTestId('held-waiting').textContent()).resolves.toBe('2');
      await expect(page.getByTestId('held-oldest').textContent()).resolves.toBe('3 h 20 min');
      await expect(page.getByRole('heading', { name: '2 people without an organization' }).count()).resolves.toBe(1);
      await expect(page.getByRole('heading', { name: '2 waiting for a pair' }).count()).resolves.toBe(1);
      await expect(page.getByRole('heading', { name: '1 paused pair' }).count()).resolves.toBe(1);
      await fitsWidth(page, width);
      await page.screenshot({ path: `${shots}program-${width}.png`, fullPage: true });
      await page.goto(`${base}/program/pairs`);
      await fitsWidth(page, width);
      await page.screenshot({ path: `${shots}program-pairs-${width}.png`, fullPage: true });
      for (const path of ['/program/people', '/program/organizations', '/program/staff']) {
        await page.goto(base + path);
        await fitsWidth(page, width);
      }
    }
  });
});
