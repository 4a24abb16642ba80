import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useBrowser, logInAt, screenshotsDir } from '../helpers/browser.js';
import { removeDir, startTestRelay, type TestRelay } from '../helpers/relay.js';

const CORA = { email: 'cora@program.example', name: 'Cora Coordinator', password: 'correct horse battery' };
const RITA = { email: 'rita@program.example', name: 'Rita Reviewer', password: 'another long password' };

const PEOPLE = [
  'Name;Email;Role;Organization',
  'Ann Lee;ann@corp.example;mentor;Acme Corp',
  '"<script>alert(1)</script>";x@corp.example;parent;',
  'Bob;bob@;mentor;Acme Corp',
  'Pat Doe;pat@school.example;Protégé;Lincoln High',
].join('\r\n');

const browser = useBrowser();
let t: TestRelay;
let base: string;

beforeEach(async () => {
  t = await startTestRelay();
  base = `http://127.0.0.1:${t.relay.httpPort}`;
  await t.api('POST', '/api/organizations', { name: 'Lincoln High', kind: 'school' });
  await t.api('POST', '/api/organizations', { name: 'Acme Corp', kind: 'company' });
  await t.relay.services.staff.create({ ...CORA, role: 'coordinator' });
  await t.relay.services.staff.create({ ...RITA, role: 'reviewer' });
});
afterEach(async () => {
  await t.stop();
  removeDir(t.dir);
});

/** Screenshots go to test/browser/screenshots/ with UPDATE_SCREENSHOTS=1 (for the README), else to the test's temp dir. */
const shotsDir = () => screenshotsDir(t.dir);
const logIn = (who: { email: string; password: string }, width = 1280) => logInAt(browser(), base, '/program/import', who, width);


describe('the import page', () => {
  it('uploads a CSV, shows the dry run with the bad line, and imports exactly the good rows on confirmation', async () => {
    const page = await logIn(CORA);
    expect(new URL(page.url()).pathname).toBe('/program/import');
    await page.screenshot({ path: `${shotsDir()}import-1280.png`, fullPage: true });
    await page.getByLabel('people').check();
    await page.getByLabel('CSV file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${PEOPLE}`) });
    await page.getByRole('button', { name: 'Check the file' }).click();

    await page.getByRole('heading', { name: 'Check before importing people: people.csv' }).waitFor();
    const rows = page.locator('table.import-errors tbody tr');
    expect(await rows.count()).toBe(1);
    expect((await rows.first().locator('td').allInnerTexts()).map((s) => s.replace(/^\w+: /, ''))).toEqual(['4', 'email', 'not an email address: "bob@"']);
    await expect.poll(() => page.locator('.summary').innerText()).toMatch(/3\s+to import/);
    expect((await t.api('GET', '/api/people')).body.items).toEqual([]);
    // Who would be imported, by name, before anything is: the hostile name as text.
    expect(await page.locator('ul.to-import li').allInnerTexts()).toEqual([
      'line 2 Ann Lee <ann@corp.example>, mentor, Acme Corp',
      'line 3 <script>alert(1)</script> <x@corp.example>, parent',
      'line 5 Pat Doe <pat@school.example>, protege, Lincoln High',
    ]);
    await page.screenshot({ path: `${shotsDir()}import-preview-1280.png`, fullPage: true });

    await page.getByRole('button', { name: 'Confirm import' }).click();
    await page.waitForURL(`${base}/program/import`);
    expect(await page.locator('.flash').innerText()).toBe('Imported 3 people; 1 row with errors was not imported.');
    const people = (await t.api('GET', '/api/people')).body.items as { name: string; email: string; role: string }[];
    expect(people.map((p) => [p.name, p.email, p.role])).toEqual([
      ['Ann Lee', 'ann@corp.example', 'mentor'],
      ['<script>alert(1)</script>', 'x@corp.example', 'parent'],
      ['Pat Doe', 'pat@school.example', 'protege'],
    ]);

    // The upload is gone once imported: the same confirmation cannot run twice.
    await page.goBack();
    expect(await page.locator('h1').innerText()).toMatch(/not found/i);
  });

  it('shows a hostile cell as text, works with the keyboard at 375 px, and keeps the preview for its own account', async () => {
    const page = await logIn(CORA, 375);
    let alerted = false;
    page.on('dialog', async (d) => {
      alerted = true;
      await d.dismiss();
    });
    await page.keyboard.press('Tab'); // from the top of the page to the form, by keyboard only
    await page.getByLabel('or paste its rows here').focus();
    await page.keyboard.insertText('name,email,role,organization\n"<script>alert(1)</script>",bad@,mentor,\nBo,bo@corp.example,boss,<img src=x onerror=alert(1)>\n');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Check before importing people: pasted rows/ }).waitFor();
    expect(await page.locator('table.import-errors').innerText()).toContain('"boss" is not a role');
    expect(await page.locator('table.import-errors').innerText()).toContain('no organization named "<img src=x onerror=alert(1)>"');
    expect(await page.locator('table.import-errors img').count()).toBe(0);
    expect(alerted).toBe(false);
    expect(await page.getByRole('button', { name: 'Confirm import' }).count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: `${shotsDir()}import-preview-375.png`, fullPage: true });

    // Another account (here an admin) cannot open or confirm this upload.
    const url = page.url();
    await t.relay.services.staff.create({ email: 'al@program.example', name: 'Al Admin', password: 'yet another password', role: 'admin' });
    const other = await logIn({ email: 'al@program.example', password: 'yet another password' });
    expect((await other.goto(url))!.status()).toBe(404);
  });

  it('refuses an upload without the form\'s CSRF token, and a file over 10 MB with 413', async () => {
    const page = await logIn(CORA);
    const forged = await page.request.post(`${base}/program/import`, { multipart: { kind: 'people', csv: 'name,email,role\nEve,eve@corp.example,mentor' }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    await page.getByLabel('CSV file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.alloc(11 * 1024 * 1024, 'a') });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.waitForLoadState();
    expect(await page.locator('main').innerText()).toContain('The file is larger than 10 MB; split it into smaller files.');
    expect((await t.api('GET', '/api/people')).body.items).toEqual([]);
  });

  it('gives a reviewer no import page', async () => {
    const page = await logIn(RITA);
    expect((await page.goto(`${base}/program/import`))!.status()).toBe(403);
  });
});
