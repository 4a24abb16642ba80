import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logInAt, screenshotsDir, useBrowser } from '../helpers/browser.js';
import { decideAt, pair, weekOfFivePairs, writeAt } from '../helpers/program-week.js';
import { removeDir, startTestRelay, type TestRelay } from '../helpers/relay.js';

const CORA = { email: 'cora@program.example', name: 'Cora Coordinator', password: 'coordinator password' };

const browser = useBrowser();
let t: TestRelay;
let base: string;

beforeEach(async () => {
  t = await startTestRelay();
  base = `http://127.0.0.1:${t.relay.httpPort}`;
  await t.relay.services.staff.create({ ...CORA, role: 'coordinator' });
});

afterEach(async () => {
  await t.stop();
  removeDir(t.dir);
});

/** Pair F writes most weeks from 7 September (week 37) on, each message approved two hours later. */
async function termOfExchanges(orgs: { acme: number; lincoln: number }) {
  t.clock.set('2026-09-07T08:00:00Z');
  const f = await pair(t, 6, orgs.acme, orgs.lincoln);
  // Per week from W37: how many the mentor wrote, and the protégé.
  const weeks: [number, number][] = [[1, 0], [1, 1], [2, 1], [0, 0], [1, 1], [2, 2], [1, 0], [1, 1], [2, 1], [1, 1], [1, 2], [1, 1]];
  for (const [i, [fromMentor, fromProtege]] of weeks.entries()) {
    const monday = Date.parse('2026-09-07T10:00:00Z') + i * 7 * 86_400_000;
    const sends = [...Array(fromMentor).fill(f.mentor), ...Array(fromProtege).fill(f.protege)] as string[];
    for (const [k, from] of sends.entries()) {
      const at = monday + k * 86_400_000;
      const id = await writeAt(t, new Date(at).toISOString(), from, f.alias);
      await decideAt(t, new Date(at + 2 * 3_600_000).toISOString(), id, 'approve', {});
    }
  }
}

const scrollWidth = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth);

describe('the coordinators’ dashboard in Chromium', () => {
  it('fits a 375 px phone with its chart, and a nudge leads to the pair; reads well at 1280 px', async () => {
    const { b, e } = await weekOfFivePairs(t, termOfExchanges);
    const shots = screenshotsDir(t.dir);

    const page = await logInAt(browser(), base, '/program/dashboard?week=2026-W48', CORA, 375);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Dashboard: week 2026-W48');
    await expect(page.getByRole('navigation', { name: 'Program' }).getByRole('link', { name: 'Dashboard' }).getAttribute('aria-current')).resolves.toBe('page');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(375);
    // The chart: visible, as wide as the card lets it be, one group of bars per week.
    const chart = page.getByRole('img', { name: 'Messages each week, 2026-W37 to 2026-W48, by direction' });
    expect(await chart.isVisible()).toBe(true);
    const box = (await chart.boundingBox())!;
    expect(box.width).toBeGreaterThan(300);
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    await expect(page.locator('svg g.week').count()).resolves.toBe(12);
    await expect(page.getByTestId('backlog').textContent()).resolves.toBe('2');
    await expect(page.getByTestId('both-wrote').textContent()).resolves.toBe('2');
    await page.screenshot({ path: `${shots}dashboard-375.png`, fullPage: true });
    // The numbers behind the chart, opened, still fit.
    await page.getByText('The numbers, week by week').click();
    await expect(page.locator('table.numbers tr.shown').textContent()).resolves.toMatch(/2026-W48.*4.*3.*7/s);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(375);

    // The most urgent nudge first (E, silent since October); B's link opens the pairs page at B's row.
    const nudges = page.locator('ol.nudges > li');
    await expect(nudges.first().getAttribute('data-pair')).resolves.toBe(String(e.id));
    await expect(nudges.first().locator('a.pair-link').textContent()).resolves.toBe('<script>alert(1)</script> and Protege 5');
    await page.getByRole('link', { name: 'Mentor 2 and Protege 2' }).click();
    await page.waitForURL(`${base}/program/pairs#pair-${b.id}`);
    const row = page.locator(`#pair-${b.id}`);
    await expect(row.textContent()).resolves.toContain('Mentor 2');
    expect(await row.isVisible()).toBe(true);
    expect(await row.evaluate((el) => el.matches(':target'))).toBe(true);
    expect(await row.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; })).toBe(true);

    const wide = await logInAt(browser(), base, '/program/dashboard?week=2026-W48', CORA, 1280);
    expect(await scrollWidth(wide)).toBeLessThanOrEqual(1280);
    expect(await wide.getByRole('img', { name: /^Messages each week/ }).isVisible()).toBe(true);
    await wide.screenshot({ path: `${shots}dashboard-1280.png`, fullPage: true });
    // Closed before the relay stops: no browser connection is left open for its HTTP server to wait on.
    await Promise.all([page.context().close(), wide.context().close()]);
  });
});
