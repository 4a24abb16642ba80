import { afterEach, describe, expect, it } from 'vitest';
import { HOSTILE_NAME as HOSTILE, weekOfFivePairs } from '../helpers/program-week.js';
import { removeDir, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { WebSession } from '../helpers/web-session.js';

const COL = { email: 'col@program.example', name: 'Col Coordinator', password: 'coordinator pass 1' };
const REX = { email: 'rex@program.example', name: 'Rex Reviewer', password: 'reviewer pass 123' };

let t: TestRelay | null = null;

afterEach(async () => {
  await t?.stop();
  if (t) removeDir(t.dir);
  t = null;
});

async function staff(r: TestRelay) {
  await r.relay.services.staff.create({ ...COL, role: 'coordinator' });
  await r.relay.services.staff.create({ ...REX, role: 'reviewer' });
  return `http://127.0.0.1:${r.relay.httpPort}`;
}

/** The part of a page between an element's id and the end of its section. */
const section = (page: string, id: string) => {
  const start = page.indexOf(`id="${id}"`);
  expect(start, id).toBeGreaterThan(-1);
  return page.slice(start, page.indexOf('</section>', start));
};

describe('the coordinators’ dashboard', () => {
  it('shows a week’s roll-ups, the pairs to nudge with links, the review backlog, each reviewer and a chart of twelve weeks', async () => {
    t = await startTestRelay({ timeZone: 'America/New_York' });
    const { b, d, e } = await weekOfFivePairs(t);
    const base = await staff(t);
    const col = await WebSession.logIn(base, COL.email, COL.password);

    const res = await col.get('/program/dashboard?week=2026-W48');
    expect(res.status).toBe(200);
    const page = res.text;
    expect(page).toContain('<h1>Dashboard: week 2026-W48</h1>');
    expect(page).toContain('Monday 23 Nov to Sunday 29 Nov 2026');
    // The menu marks the dashboard, right after the overview.
    expect(page).toMatch(/<a href="\/program">Overview<\/a><a href="\/program\/dashboard" aria-current="page">Dashboard<\/a>/);
    // Previous and next weeks; this week is W49.
    expect(page).toContain('href="/program/dashboard?week=2026-W47" rel="prev"');
    expect(page).toContain('href="/program/dashboard?week=2026-W49" rel="next"');

    // Roll-ups: A, B, D and E open (C opened in week 49); A both wrote; D and E silent 7 days, E 14.
    expect(page).toContain('data-testid="open-pairs">4<');
    expect(page).toContain('data-testid="both-wrote">1<');
    expect(page).toContain('data-testid="silent-7">2<');
    expect(page).toContain('data-testid="silent-14">1<');
    expect(page).toContain('data-testid="messages">5<');
    expect(page).toContain('data-testid="flagged">1<');

    // The pairs to nudge, most urgent first, each linked to its row on the pairs page.
    const nudges = section(page, 'nudges');
    expect(nudges).toContain('Pairs to nudge (3)');
    const order = [e, d, b].map((p) => nudges.indexOf(`href="/program/pairs#pair-${p.id}"`));
    expect(order.every((i) => i > -1)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(nudges).toMatch(new RegExp(`data-pair="${b.id}" data-reason="one-sided">[\\s\\S]*Mentor 2 and Protege 2[\\s\\S]*only the mentor wrote this week \\(the protégé has not written yet\\)`));
    expect(nudges).toMatch(new RegExp(`data-pair="${d.id}" data-reason="inactive">[\\s\\S]*silent for 7 days \\(no message yet\\)`));
    expect(nudges).toContain(`data-pair="${e.id}" data-reason="escalate"`);
    expect(nudges).toContain(`href="/program/people/${b.mentorId}#contacts"`);
    expect(nudges).toContain(`href="/program/people/${b.protegeId}#contacts"`);
    expect(nudges).toContain(b.alias);
    // The link leads to the pair: its row carries the anchor.
    expect((await col.get('/program/pairs')).text).toContain(`<tr id="pair-${b.id}" data-pair="${b.id}">`);

    // Review timeliness at the week's end: A's last message and B's wait; the oldest since Thursday 05:00 in New York.
    const review = section(page, 'review');
    expect(review).toContain('data-testid="backlog">2<');
    expect(review).toContain('data-testid="oldest-wait">4 days<');
    expect(review).toMatch(/\(since <time datetime="2026-11-26T10:00:\d\d\.\d{3}Z">2026-11-26 05:00<\/time>\)/);
    expect(review).toContain('3 decisions this week, on 5 messages received.');
    expect(review).toMatch(
      /<tr data-reviewer="Rita \(token 1\)">\s*<td class="title reviewer">Rita \(token 1\)<\/td>\s*<td data-label="Decided">2<\/td>\s*<td data-label="Approved">1 <span class="muted">\(1 with edits\)<\/span><\/td>\s*<td data-label="Rejected">1<\/td>\s*<td data-label="Median wait">13 h<\/td>\s*<td data-label="Longest wait">24 h<\/td>/,
    );
    expect(review).toContain('data-reviewer="admin (RELAY_ADMIN_TOKEN)"');
    expect(review).toContain('<a href="/review">Open the review queue</a>');

    // The chart: one bar group per week, W37 to W48, the shown week's bars as counted, and its numbers as text.
    const svg = /<svg[^>]*data-testid="exchanges-chart"[\s\S]*?<\/svg>/.exec(page)![0];
    expect(svg).toMatch(/viewBox="0 0 \d+ \d+" width="100%" role="img" aria-labelledby="chart-title chart-desc"/);
    expect(svg).toContain('<title id="chart-title">Messages each week, 2026-W37 to 2026-W48, by direction</title>');
    const groups = [...svg.matchAll(/<g class="week" data-week="([^"]+)">/g)].map((m) => m[1]);
    expect(groups).toHaveLength(12);
    expect(groups[0]).toBe('2026-W37');
    expect(groups.at(-1)).toBe('2026-W48');
    expect(svg).toContain('<title>2026-W48: 3 mentor to protégé</title>');
    expect(svg).toContain('<title>2026-W48: 2 protégé to mentor</title>');
    expect(svg).toContain('<title>2026-W47: 0 mentor to protégé</title>');
    expect(page).toMatch(/<tr class="shown"><th scope="row"><a href="\/program\/dashboard\?week=2026-W48">2026-W48<\/a>[^<]*<span class="muted">23 Nov<\/span><\/th><td>3<\/td><td>2<\/td><td>5<\/td><\/tr>/);
    // No script or style from elsewhere: only the page's own.
    expect(page.match(/<script[^>]*>/g)).toEqual(['<script src="/assets/review.js" defer>']);
    expect(res.text).not.toMatch(/https?:\/\//);

    // The program's results: E's overdue check-ins link to their people; the seed's tasks to the matrix.
    const results = section(page, 'results');
    expect(results).toContain('Check-ins overdue (2)');
    expect(results).toContain(`href="/program/people/${e.mentorId}#contacts"`);
    expect(results).toContain(`href="/program/people/${e.protegeId}#contacts">Protege 5</a>`);
    expect(results).toContain('0 of 27 tasks have one person responsible.');
    expect(results).toMatch(/<a href="\/program\/responsibilities#task-\d+">/);
    expect(results).toContain('and 22 more');
    expect(results).toContain('data-testid="mentor-funnel">0 applied, 0 approved, 0 oriented<');
    expect(results).toContain('Follow-ups now: 0 open');

    // A participant's hostile name is text, in the nudges and the check-ins alike.
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; and Protege 5');
    expect(results).toContain('&lt;script&gt;alert(1)&lt;/script&gt;</a>');
    expect(page).not.toContain(HOSTILE);
  });

  it('opens on this week by the relay’s clock, with no link past it, and says so when nothing needs a nudge', async () => {
    t = await startTestRelay();
    const base = await staff(t);
    const col = await WebSession.logIn(base, COL.email, COL.password);
    // The test relay's clock: Wednesday 25 November 2026.
    const page = (await col.get('/program/dashboard')).text;
    expect(page).toContain('<h1>Dashboard: week 2026-W48</h1>');
    expect(page).toMatch(/so far \(as of <time datetime="2026-11-25T10:00:\d\d\.\d{3}Z">2026-11-25 10:00<\/time>\)/);
    expect(page).toContain('href="/program/dashboard?week=2026-W47" rel="prev"');
    expect(page).not.toContain('rel="next"');
    expect(page).not.toContain('>This week</a>');
    expect(page).toContain('No pair needs a nudge this week.');
    expect(page).toContain('No message is waiting for review.');
    expect(page).toContain('Nobody decided a message this week.');
    expect(page).toContain('No check-in is overdue.');
    expect(page).toContain('<desc id="chart-desc">No messages from 2026-W37 to 2026-W48.</desc>');
    expect([...page.matchAll(/<g class="week" /g)]).toHaveLength(12);
    // An earlier week offers the way back to this one; the first week of a year steps back into the last one.
    const january = (await col.get('/program/dashboard?week=2026-W01')).text;
    expect(january).toContain('href="/program/dashboard?week=2025-W52" rel="prev" aria-label="Previous week, 2025-W52">← 2025-W52</a>');
    expect(january).toContain('href="/program/dashboard?week=2026-W02" rel="next" aria-label="Next week, 2026-W02">W02 →</a>');
    expect(january).toContain('href="/program/dashboard?week=2026-W48">This week</a>');
    expect(january).toContain('<g class="week" data-week="2025-W42">');
  });

  it('answers a week that is not one with a 400 page naming it', async () => {
    t = await startTestRelay();
    const base = await staff(t);
    const col = await WebSession.logIn(base, COL.email, COL.password);
    for (const [week, words] of [
      ['lastweek', 'week: must be an ISO week as YYYY-Www, e.g. 2026-W48, or last or this (got &quot;lastweek&quot;)'],
      ['2026-W60', 'week: must be an ISO week as YYYY-Www, e.g. 2026-W48, or last or this (got &quot;2026-W60&quot;)'],
      ['2027-W53', 'week: 2027 has no week 53'],
      ['2031-W10', 'week: 2031-W10 has not begun yet (this week is '],
      ['<b>x</b>', 'week: must be an ISO week as YYYY-Www, e.g. 2026-W48, or last or this (got &quot;&lt;b&gt;x&lt;/b&gt;&quot;)'],
    ]) {
      const res = await col.get(`/program/dashboard?week=${encodeURIComponent(week!)}`);
      expect(res.status, week).toBe(400);
      expect(res.text, week).toContain(words);
    }
    // `last` is the week that ended: the page a coordinator opens on Monday morning.
    const thisWeek = /Dashboard: week (\d{4}-W\d\d)/.exec((await col.get('/program/dashboard')).text)![1]!;
    const last = await col.get('/program/dashboard?week=last');
    expect(last.status).toBe(200);
    expect(last.text).toContain(`rel="next" aria-label="Next week, ${thisWeek}"`);
  });

  it('refuses a reviewer (403) and sends a visitor without a session to the login', async () => {
    t = await startTestRelay();
    const base = await staff(t);
    const rex = await WebSession.logIn(base, REX.email, REX.password);
    const refused = await rex.get('/program/dashboard');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Not allowed');
    const anonymous = await new WebSession(base).get('/program/dashboard?week=2026-W48');
    expect(anonymous.status).toBe(303);
    expect(anonymous.location).toBe(`/login?next=${encodeURIComponent('/program/dashboard?week=2026-W48')}`);
  });
});
