import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logInAt, screenshotsDir, useBrowser } from '../helpers/browser.js';
import { removeDir, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { message, sendOnce } from '../helpers/smtp-client.js';

const CORA = { email: 'cora@program.example', name: 'Cora Coordinator', password: 'coordinator password' };
const MIA = 'mia.mentor@corp.example';

const browser = useBrowser();
let t: TestRelay;
let base: string;

beforeEach(async () => {
  t = await startTestRelay({ requireOnboarding: true });
  base = `http://127.0.0.1:${t.relay.httpPort}`;
  await t.relay.services.staff.create({ ...CORA, role: 'coordinator' });
});

afterEach(async () => {
  await t.stop();
  removeDir(t.dir);
});

/** The page's flash: a status after a change, an alert when it was refused. */
const status = (page: Page) => page.locator('p.flash').first().textContent();
const nextStep = (page: Page) => page.getByTestId('onboarding-state').textContent();

/** Records the step the form proposes (the next one), as a coordinator does: one click. */
async function recordNext(page: Page, fill: (page: Page) => Promise<void> = async () => {}) {
  await fill(page);
  // The form posts and the page comes back (303) with its flash: wait for the new document.
  await page.evaluate(() => Object.assign(window, { beforeSubmit: true }));
  await page.getByRole('button', { name: 'Record step' }).click();
  await page.waitForFunction(() => !('beforeSubmit' in window));
  await page.locator('p.flash').first().waitFor();
}

describe('onboarding in Chromium', () => {
  it('lets a coordinator walk a mentor and a protégé through onboarding and see their pair open', async () => {
    const corp = (await t.api('POST', '/api/organizations', { name: 'Corp', kind: 'company' })).body.id;
    const mentor = (await t.api('POST', '/api/people', { name: 'Mia Mentor', email: MIA, role: 'mentor', organizationId: corp })).body.id;
    const protege = (await t.api('POST', '/api/people', { name: 'Pete Protege', email: 'pete@school.example', role: 'protege' })).body.id;
    const pair = (await t.api('POST', '/api/pairs', { mentorId: mentor, protegeId: protege })).body;
    expect(pair.status).toBe('pending');

    const page = await logInAt(browser(), base, '/program', CORA, 375);
    await expect(page.getByRole('heading', { name: '1 pair waiting for onboarding' }).count()).resolves.toBe(1);
    await page.goto(`${base}/program/pairs`);
    const missing = page.getByTestId(`missing-${pair.id}`);
    await expect(missing.textContent()).resolves.toContain('Mia Mentor: application received, application reviewed, background check');
    await missing.getByRole('link', { name: 'Mia Mentor' }).click();
    await page.waitForURL(`${base}/program/people/${mentor}#onboarding`);
    await expect(nextStep(page)).resolves.toBe('Next: Application received.');

    await recordNext(page);
    await expect(status(page)).resolves.toBe('Application received recorded as done.');
    // A failed review stops the pipeline; a new attempt starts it again.
    await recordNext(page, async (p) => {
      await p.getByLabel('Outcome', { exact: true }).selectOption('failed');
      await p.getByLabel('Note').fill('References missing');
    });
    await expect(nextStep(page)).resolves.toMatch(/^Stopped: Application reviewed failed on \d{4}-\d\d-\d\d\./);
    await expect(page.locator('li[data-step="application-reviewed"]').textContent()).resolves.toContain('References missing');
    await recordNext(page);
    // Approval before the background check is refused, naming the step.
    await page.getByLabel('Step', { exact: true }).selectOption({ label: 'Approved' });
    await recordNext(page);
    await expect(status(page)).resolves.toBe('Step: approved needs background-check first');
    await expect(nextStep(page)).resolves.toBe('Next: Background check.');
    // The refused form keeps what was chosen; the coordinator picks the background check.
    await expect(page.getByLabel('Step', { exact: true }).inputValue()).resolves.toBe('approved');
    await recordNext(page, async (p) => {
      await p.getByLabel('Step', { exact: true }).selectOption({ label: 'Background check' });
      await p.getByLabel('Check valid until').fill('2027-11-30');
    });
    await expect(page.locator('li[data-step="background-check"]').textContent()).resolves.toContain('valid until 2027-11-30');
    for (let i = 0; i < 3; i++) await recordNext(page);
    await expect(nextStep(page)).resolves.toBe('Onboarding complete: Mia Mentor can be in an open pair.');
    // Still pending: the protégé is not onboarded yet.
    await expect(page.locator(`li[data-pair="${pair.id}"] .badge`).textContent()).resolves.toBe('pending');
    expect(await sendOnce(t.smtpPort, MIA, [pair.alias], message({ from: MIA, to: pair.alias, subject: 'Hi', body: 'Hello Pete' }))).toMatch(/^550 5\.2\.1 /);

    await page.locator(`li[data-pair="${pair.id}"]`).getByRole('link', { name: 'Pete Protege' }).click();
    await page.waitForURL(`${base}/program/people/${protege}#onboarding`);
    await expect(nextStep(page)).resolves.toBe('Next: Enrolled.');
    // The parent who signs the permission slip, added on the same page.
    await page.getByLabel('Guardian’s name').fill('Rosa Protege');
    await page.getByLabel('Relationship').fill('mother');
    await page.getByLabel('Phone (optional)').fill('(415) 555-0134');
    await page.getByRole('button', { name: 'Add guardian' }).click();
    await page.getByRole('status').filter({ hasText: 'Rosa Protege added as mother.' }).waitFor();
    await expect(page.locator('ul.guardians').textContent()).resolves.toContain('+14155550134');
    for (let i = 0; i < 2; i++) await recordNext(page);
    await recordNext(page, async (p) => {
      await p.getByLabel('Signed by').selectOption({ label: 'Rosa Protege (mother)' });
      await p.getByLabel('Date', { exact: true }).first().fill('2026-11-20');
    });
    await expect(status(page)).resolves.toBe('Parental permission recorded as done.');
    await expect(page.locator('li[data-step="parental-permission"]').textContent()).resolves.toContain('2026-11-20');
    await recordNext(page);
    await expect(nextStep(page)).resolves.toBe('Next: Oriented.');
    const shots = screenshotsDir(t.dir);
    await page.screenshot({ path: `${shots}program-person-375.png`, fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await recordNext(page);
    await expect(status(page)).resolves.toBe(`Oriented recorded as done. The pair Mia Mentor ↔ Pete Protege is open: they can write to ${pair.alias}.`);
    await expect(page.locator(`li[data-pair="${pair.id}"] .badge`).textContent()).resolves.toBe('active');

    // Now in an open pair, Pete is due a staff check-in within 30 days; the coordinator records one.
    await expect(page.getByTestId('check-in').textContent()).resolves.toMatch(/^Next check-in due 2026-12-25 \(no check-in yet\)/);
    await page.getByLabel('How').selectOption('phone');
    await page.getByLabel('Kind').selectOption({ label: 'Staff check-in' });
    await page.getByLabel('What was said').fill('Pete is looking forward to the first exchange.');
    await page.getByRole('button', { name: 'Record contact' }).click();
    await page.getByRole('status').filter({ hasText: 'Check-in recorded.' }).waitFor();
    await expect(page.getByTestId('check-in').textContent()).resolves.toMatch(/^Next check-in due 2026-12-25 \(last 2026-11-25\)/);
    await expect(page.locator('ul.contacts').textContent()).resolves.toContain('Pete is looking forward to the first exchange.');

    // The people list says where everyone stands.
    const waiting = (await t.api('POST', '/api/people', { name: 'Wes Waiting', email: 'wes@corp.example', role: 'mentor' })).body.id;
    await page.goto(`${base}/program/people`);
    await expect(page.getByTestId(`standing-${mentor}`).textContent()).resolves.toBe('complete');
    await expect(page.getByTestId(`standing-${protege}`).textContent()).resolves.toBe('complete');
    await expect(page.getByTestId(`standing-${waiting}`).textContent()).resolves.toBe('next: application received');

    await page.goto(`${base}/program/pairs`);
    await expect(page.locator(`tr[data-pair="${pair.id}"] .badge`).first().textContent()).resolves.toBe('active');
    expect(await sendOnce(t.smtpPort, MIA, [pair.alias], message({ from: MIA, to: pair.alias, subject: 'Hi', body: 'Hello Pete' }))).toMatch(/^250 /);
  });
});
