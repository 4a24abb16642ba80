import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useBrowser, logInAt, screenshotsDir } from '../helpers/browser.js';
import { removeDir, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { startSink, type Sink } from '../helpers/sink.js';

const CORA = { email: 'cora@program.example', name: 'Cora Coordinator', password: 'coordinator password' };
const RITA = { email: 'rita@program.example', name: 'Rita Reviewer', password: 'reviewer password' };

const browser = useBrowser();
let t: TestRelay;
let sink: Sink;
let base: string;


beforeEach(async () => {
  sink = await startSink();
  t = await startTestRelay({ outbound: { url: `smtp://127.0.0.1:${sink.port}` } });
  base = `http://127.0.0.1:${t.relay.httpPort}`;
  const school = (await t.api('POST', '/api/organizations', { name: 'Lincoln High', kind: 'school' })).body;
  const corp = (await t.api('POST', '/api/organizations', { name: 'Acme Corp', kind: 'company' })).body;
  await t.api('POST', '/api/people', { name: 'Sue School', email: 'sue@school.example', role: 'staff', organizationId: school.id });
  await t.api('POST', '/api/people', { name: 'Carl Corp', email: 'carl@corp.example', role: 'staff', organizationId: corp.id });
  await t.api('POST', '/api/people', { name: 'Cleo Corp', email: 'cleo@corp.example', role: 'staff', organizationId: corp.id });
  await t.relay.services.staff.create({ ...CORA, role: 'coordinator' });
  await t.relay.services.staff.create({ ...RITA, role: 'reviewer' });
});

afterEach(async () => {
  await t.stop();
  await sink.close();
  removeDir(t.dir);
});


const shotsDir = () => screenshotsDir(t.dir);
const logIn = (who: { email: string; password: string }, width = 1280) => logInAt(browser(), base, '/program/responsibilities', who, width);

describe('the responsibilities page', () => {
  it('assigns a task inline (organization, then only its people), sends the sheet, and prints it', async () => {
    const page = await logIn(CORA);
    expect(new URL(page.url()).pathname).toBe('/program/responsibilities');
    await expect(page.locator('#sheet-state').textContent()).resolves.toContain('Never sent.');
    await expect(page.locator('#unassigned-count').textContent()).resolves.toBe('27 tasks unassigned');

    const row = page.locator('#unassigned-tasks > li').first();
    await expect(row.locator('.task-text').textContent()).resolves.toContain('recruiting mentors');
    const person = row.getByLabel('Person');
    await expect(person.isDisabled()).resolves.toBe(true);
    await row.getByLabel('Organization').selectOption({ label: 'Acme Corp' });
    // Only Acme's people to choose from.
    await expect(person.locator('option').allTextContents()).resolves.toEqual(['— not chosen —', 'Carl Corp (carl@corp.example)', 'Cleo Corp (cleo@corp.example)']);
    await person.selectOption({ label: 'Cleo Corp (cleo@corp.example)' });
    await row.getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('main > .flash').textContent()).resolves.toBe('Task 1 assigned to Acme Corp, Cleo Corp.');
    await expect(page.locator('#assigned-tasks > li').first().textContent()).resolves.toMatch(/recruiting mentors[\s\S]*Acme Corp[\s\S]*Cleo Corp/);
    await expect(page.locator('#unassigned-count').textContent()).resolves.toBe('26 tasks unassigned');
    await expect(page.locator('table.history').textContent()).resolves.toContain('unassigned → Acme Corp, Cleo Corp');

    // The page goes on to the next task without a person, its first field focused, the outcome said there.
    expect(new URL(page.url()).hash).toBe('#task-2');
    await page.waitForFunction(() => document.activeElement?.id === 'org-2');
    await expect(page.locator('#task-2 .flash').textContent()).resolves.toBe('Task 1 assigned to Acme Corp, Cleo Corp.');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${shotsDir()}responsibilities-1280.png` });
    await page.getByRole('button', { name: 'Send to organizers' }).click();
    await expect(page.locator('main > .flash').textContent()).resolves.toMatch(/^The sheet is on its way to 4 organizers: /);
    await expect(page.locator('#sheet-state').textContent()).resolves.toMatch(/^Last sent 2026-11-25 10:\d\d UTC to 4 organizers by Cora Coordinator \(cora@program\.example\)( \(\d delivered\))?; the matrix is unchanged since\.$/);
    const mails = await sink.waitFor(4);
    await page.reload();
    await expect(page.locator('#sheet-state').textContent()).resolves.toContain('to 4 organizers by Cora Coordinator (cora@program.example) (4 delivered);');
    expect(mails.map((m) => m.to[0]).sort()).toEqual(['carl@corp.example', 'cleo@corp.example', 'cora@program.example', 'sue@school.example']);
    expect((await simpleParser(mails[0]!.raw)).text).toContain('1. recruiting mentors\n   Acme Corp: Cleo Corp <cleo@corp.example>');

    // Keyboard only: the second task to Lincoln High, person not chosen yet; the page now says the matrix changed.
    const second = page.locator('#unassigned-tasks > li').first();
    await second.getByLabel('Organization').focus();
    await second.getByLabel('Organization').selectOption({ label: 'Lincoln High' });
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('name'))).resolves.toBe('personId');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect(page.locator('main > .flash').textContent()).resolves.toBe('Task 2 assigned to Lincoln High (person not chosen yet).');
    await expect(page.locator('#sheet-state').textContent()).resolves.toContain('the matrix changed since');

    // The print view: the sheet without navigation on paper.
    await page.getByRole('link', { name: 'Print view' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Test Program: who is responsible for what');
    await expect(page.locator('table.sheet tbody tr').count()).resolves.toBe(27);
    await expect(page.locator('table.sheet tbody tr').first().textContent()).resolves.toBe('1recruiting mentorsAcme CorpCleo Corpcleo@corp.example');
    await expect(page.locator('table.sheet tbody tr').nth(2).textContent()).resolves.toBe('3producing protegé orientation materialsunassignedunassigned');
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('nav.screen-only').isVisible()).resolves.toBe(false);
    await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi: the screenshot reads as the paper does
    await page.screenshot({ path: `${shotsDir()}sheet-print.png`, fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });
    await expect(page.locator('nav.screen-only').isVisible()).resolves.toBe(true);
    await page.context().close();
  });

  it('refuses a person of another organization without the script, naming the field', async () => {
    const context = await browser().newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/program/responsibilities`);
    await page.getByLabel('Email').fill(CORA.email);
    await page.getByLabel('Password').fill(CORA.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    const row = page.locator('#unassigned-tasks > li').first();
    await row.getByLabel('Organization').selectOption({ label: 'Lincoln High' });
    await expect(row.locator('optgroup').evaluateAll((gs) => gs.map((g) => g.getAttribute('label')))).resolves.toEqual(['Lincoln High', 'Acme Corp']);
    await row.getByLabel('Person').selectOption({ label: 'Carl Corp (carl@corp.example)' });
    await row.getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('#task-1 .flash.error').textContent()).resolves.toMatch(/^Person: person \d+ \(Carl Corp\) belongs to Acme Corp, not Lincoln High$/);
    await expect(page.locator('#unassigned-count').textContent()).resolves.toBe('27 tasks unassigned');
    await context.close();
  });

  it('works at 375 px wide: every form fits, nothing scrolls sideways', async () => {
    const page = await logIn(CORA, 375);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${shotsDir()}responsibilities-375.png` });
    await page.context().close();
  });

  it('gives a reviewer 403 on the program pages and the print view', async () => {
    const page = await logIn(RITA);
    const res = await page.goto(`${base}/program/responsibilities`);
    expect(res?.status()).toBe(403);
    expect((await page.goto(`${base}/program/responsibilities/sheet`))?.status()).toBe(403);
    await page.context().close();
  });
});
