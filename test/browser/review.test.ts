import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useBrowser, logInAt, screenshotsDir } from '../helpers/browser.js';
import { MENTOR, PROTEGE, eventually, removeDir, screened, setupPair, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { startSink, type Sink } from '../helpers/sink.js';
import { message, sendOnce } from '../helpers/smtp-client.js';

const RITA = { email: 'rita@program.example', name: 'Rita Reviewer', password: 'correct horse battery' };
const SAM = { email: 'sam@program.example', name: 'Sam Second', password: 'another long password' };

const browser = useBrowser();
let t: TestRelay;
let sink: Sink;
let alias: string;
let base: string;


beforeEach(async () => {
  sink = await startSink();
  t = await startTestRelay({ outbound: { url: `smtp://127.0.0.1:${sink.port}` } });
  base = `http://127.0.0.1:${t.relay.httpPort}`;
  ({ pair: { alias } } = await setupPair(t));
  await t.relay.services.staff.create({ ...RITA, role: 'admin' });
  await t.relay.services.staff.create({ ...SAM, role: 'reviewer' });
});

afterEach(async () => {
  await t.stop();
  await sink.close();
  removeDir(t.dir);
});


const idOf = (reply: string) => Number(/message (\d+)$/.exec(reply)?.[1]);

/** Sends a message from Morgan and waits until screening has read it (only then can it be approved); resolves its id. */
async function send(subject: string, body = 'Hi Pat!', extra: Parameters<typeof message>[0] = {}): Promise<number> {
  const id = idOf(await sendOnce(t.smtpPort, MENTOR.email, [alias], message({ from: `Morgan <${MENTOR.email}>`, subject, body, ...extra })));
  await screened(t, id);
  return id;
}

/** The held messages, once screening has read them. */
const heldIds = async () => {
  const ids = (await t.api('GET', '/api/messages?status=held')).body.items.map((m: { id: number }) => m.id) as number[];
  for (const id of ids) await screened(t, id);
  return ids;
};

const logIn = (who: { email: string; password: string }, width = 1280) => logInAt(browser(), base, '/review', who, width);

describe('the review page', () => {
  it('sends every page but /login and /healthz to the login page without a session', async () => {
    for (const path of ['/review', '/review/messages/1', '/review/decisions', '/review/templates', '/review/messages/1/raw', '/']) {
      const res = await fetch(base + path, { redirect: 'manual' });
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location'), path).toMatch(/^\/(login|review)/);
    }
    const post = await fetch(`${base}/review/messages/1/approve`, { method: 'POST', redirect: 'manual' });
    expect(post.status).toBe(303);
    expect(post.headers.get('location')).toBe('/login');
    expect((await fetch(`${base}/login`)).status).toBe(200);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('logs in, shows the queue oldest first, approves a message, and the recipient receives it', async () => {
    await send('First message');
    await send('Second message');
    const page = await logIn(RITA);
    await expect(page.getByTestId('waiting').textContent()).resolves.toBe('2');
    const subjects = await page.locator('table.queue a.subject').allTextContents();
    expect(subjects).toEqual(['First message', 'Second message']);
    await expect(page.locator('table.queue').textContent()).resolves.toContain(`${MENTOR.name} → ${PROTEGE.name}`);

    await page.getByRole('link', { name: 'First message' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('First message');
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    // After a decision the reviewer lands on the next held message.
    await expect(page.locator('.flash').textContent()).resolves.toMatch(/approved/);
    await expect(page.locator('h1').textContent()).resolves.toBe('Second message');
    const [out] = await sink.waitFor(1);
    expect(out!.to).toEqual([PROTEGE.email]);
    expect((await simpleParser(out!.raw)).subject).toBe('First message');
    const [first] = (await t.api('GET', '/api/messages?status=delivered')).body.items;
    expect(first.decidedBy).toBe(`${RITA.name} (${RITA.email})`);
  });

  it('rejects with a reason: the recipient receives nothing and the sender receives the reason', async () => {
    await send('Meet me', 'Let us meet at the mall on Saturday, just us.');
    const page = await logIn(RITA);
    await page.getByRole('link', { name: 'Meet me' }).click();
    await page.getByLabel('Reason template').selectOption({ label: 'Meeting outside the program' });
    await expect(page.getByLabel('Reason', { exact: true }).inputValue()).resolves.toMatch(/outside the program/);
    await page.getByLabel('Reason', { exact: true }).fill('Please keep meetings within the program sessions.');
    await page.getByRole('button', { name: 'Reject' }).click();
    await expect(page.locator('.flash').textContent()).resolves.toMatch(/rejected/);
    const [notice] = await sink.waitFor(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.received.map((m) => m.to)).toEqual([[MENTOR.email]]);
    const text = (await simpleParser(notice!.raw)).text ?? '';
    expect(text).toContain('> Please keep meetings within the program sessions.');
  });

  it('opens hostile HTML without running anything or loading anything from elsewhere', async () => {
    const hostile = [
      '<html><head><style>body { background: url(http://evil.example/style-bg.png) }</style>',
      '<link rel="stylesheet" href="http://evil.example/sheet.css"></head><body>',
      '<p>Hello <b>Pat</b></p>',
      '<script>alert("script")</script>',
      '<img src="x" onerror="alert(\'onerror\')">',
      '<a href="javascript:alert(\'link\')">click me</a>',
      '<div style="background-image: url(https://evil.example/inline-bg.png)">styled</div>',
      '<img src="https://tracker.example/pixel.gif?who=pat" width="1" height="1">',
      '<iframe src="https://evil.example/frame"></iframe>',
      '<svg onload="alert(\'svg\')"></svg>',
      '</body></html>',
    ].join('\n');
    const raw = Buffer.from(
      [
        `From: Morgan <${MENTOR.email}>`,
        `To: ${alias}`,
        'Subject: Hostile HTML',
        'MIME-Version: 1.0',
        'Content-Type: multipart/alternative; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Hello Pat',
        '--b1',
        'Content-Type: text/html; charset=utf-8',
        '',
        hostile,
        '--b1--',
        '',
      ].join('\r\n'),
    );
    expect(await sendOnce(t.smtpPort, MENTOR.email, [alias], raw)).toMatch(/^250 /);
    const page = await logIn(RITA);
    const dialogs: string[] = [];
    const requests: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.context().on('request', (r) => requests.push(r.url()));
    await page.getByRole('link', { name: 'Hostile HTML' }).click();
    const frame = page.frameLocator('iframe.html-body');
    await expect(frame.locator('b').textContent()).resolves.toBe('Pat');
    await frame.getByText('click me').click({ force: true }).catch(() => {});
    await page.waitForTimeout(500);
    expect(dialogs).toEqual([]);
    const foreign = requests.filter((u) => !u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('about:'));
    expect(foreign).toEqual([]);
    expect(await page.locator('iframe.html-body').getAttribute('sandbox')).toBe('');
    expect(await page.getByTestId('removed-resources').textContent()).toMatch(/^2 remote images removed/);
  });

  it('shows the words an HTML form field hides, marked, and forwards none of them', async () => {
    const raw = Buffer.from(
      [
        `From: Morgan <${MENTOR.email}>`,
        `To: ${alias}`,
        'Subject: Quiz',
        'MIME-Version: 1.0',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>Quiz time!</p><textarea>text me at 555-867-5309</textarea>',
        '',
      ].join('\r\n'),
    );
    const id = idOf(await sendOnce(t.smtpPort, MENTOR.email, [alias], raw));
    await screened(t, id);
    const page = await logIn(RITA);
    await page.goto(`${base}/review/messages/${id}`);
    // The frame shows the HTML as it will be forwarded: the form field and its words are not in it.
    expect((await page.frameLocator('iframe.html-body').locator('body').textContent())?.trim()).toBe('Quiz time!');
    // What screening read, hidden words included, is open on the page with the matches marked.
    const read = page.getByTestId('html-text');
    expect(await read.isVisible()).toBe(true);
    expect(await read.locator('mark.urgent').allTextContents()).toEqual(expect.arrayContaining(['text me']));
    expect(await read.locator('mark.urgent', { hasText: 'text me' }).getAttribute('title')).toBe('keyword: text me (private channel); grooming: private channel; handle: text me at');
    await expect(page.locator('li[data-flag-type="grooming"][data-flag-category="private channel"]').innerText()).resolves.toMatch(/^urgent grooming — private channel — in html: "/);
    expect(await read.textContent()).toContain('555-867-5309');
    await page.keyboard.press('a');
    await page.getByRole('button', { name: 'Yes, approve' }).click();
    const [out] = await sink.waitFor(1);
    expect(out!.raw.toString('latin1')).not.toMatch(/555-867-5309|text me|textarea/);
  });

  it('lists attachments with type and size, and downloads them without rendering them', async () => {
    const raw = Buffer.from(
      [
        `From: Morgan <${MENTOR.email}>`,
        `To: ${alias}`,
        'Subject: With a file',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b2"',
        '',
        '--b2',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'See the attached page.',
        '--b2',
        'Content-Type: text/html; name="page.html"',
        'Content-Disposition: attachment; filename="page.html"',
        '',
        '<script>alert("from attachment")</script>',
        '--b2--',
        '',
      ].join('\r\n'),
    );
    await sendOnce(t.smtpPort, MENTOR.email, [alias], raw);
    const [id] = await heldIds();
    await eventually(async () => (await t.api('GET', `/api/messages/${id}`)).body.screenedAt);
    const page = await logIn(RITA);
    await expect(page.locator('table.queue').textContent()).resolves.toMatch(/With a file\s*attachment\s*1/); // a web page is flagged for a look
    await page.getByRole('link', { name: 'With a file' }).click();
    await expect(page.getByRole('region', { name: 'Attachments' }).textContent()).resolves.toMatch(/page\.html\s*text\/html, \d+ bytes/);
    const res = await page.request.get(`${base}${await page.getByRole('link', { name: 'page.html' }).getAttribute('href')}`);
    expect(res.headers()['content-type']).toBe('application/octet-stream');
    expect(res.headers()['content-disposition']).toBe('attachment; filename="page.html"');
    expect(await res.text()).toContain('alert("from attachment")');
  });

  it('refuses a form post without the CSRF token, and decides nothing', async () => {
    await send('Protected');
    const [id] = await heldIds();
    const page = await logIn(RITA);
    const res = await page.request.post(`${base}/review/messages/${id}/approve`, { form: { note: 'forged' }, maxRedirects: 0 });
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain('did not come from this site');
    const wrong = await page.request.post(`${base}/review/messages/${id}/approve`, { form: { _csrf: 'not-the-token' }, maxRedirects: 0 });
    expect(wrong.status()).toBe(403);
    expect((await t.api('GET', `/api/messages/${id}`)).body.status).toBe('held');
  });

  it('approves with edits: the recipient receives the edited text; /raw still returns the original', async () => {
    const original = message({ from: `Morgan <${MENTOR.email}>`, subject: 'My number', body: 'Text me at 555-0100 any time.' });
    await sendOnce(t.smtpPort, MENTOR.email, [alias], original);
    const [id] = await heldIds();
    const page = await logIn(RITA);
    await page.goto(`${base}/review/messages/${id}`);
    await page.getByText('Approve with edits').click();
    await page.getByLabel('Text to forward').fill('Text me at [number removed by the program] any time.');
    await page.getByRole('button', { name: 'Approve edited version' }).click();
    const [out] = await sink.waitFor(1);
    expect((await simpleParser(out!.raw)).text?.trim()).toBe('Text me at [number removed by the program] any time.');
    expect(out!.raw.toString()).not.toContain('555-0100');
    const raw = await t.api('GET', `/api/messages/${id}/raw`);
    expect(Buffer.from(raw.body as string)).toEqual(original);
    await page.goto(`${base}/review/messages/${id}`);
    await expect(page.locator('ol.events').textContent()).resolves.toMatch(/Edited by Rita Reviewer/);
  });

  it('tells a second reviewer who decided first, and sends nothing twice', async () => {
    await send('Contested');
    const [id] = await heldIds();
    const rita = await logIn(RITA);
    const sam = await logIn(SAM);
    await rita.goto(`${base}/review/messages/${id}`);
    await sam.goto(`${base}/review/messages/${id}`);
    await rita.getByRole('button', { name: 'Approve', exact: true }).click();
    await sam.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(sam.locator('.flash.error').textContent()).resolves.toMatch(/already decided by Rita Reviewer \(rita@program\.example\)/);
    await sink.waitFor(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.received).toHaveLength(1);
  });

  it('approves a batch of selected messages, and clears a queue with the keyboard', async () => {
    for (const s of ['One', 'Two', 'Three', 'Four']) await send(s);
    const page = await logIn(SAM);
    await page.getByLabel('Select message 1: One').check();
    await page.getByLabel('Select message 2: Two').check();
    await page.getByRole('button', { name: 'Approve selected' }).click();
    await expect(page.locator('.flash').textContent()).resolves.toBe('Approved 2 messages.');
    await expect(page.getByTestId('waiting').textContent()).resolves.toBe('2');
    // j focuses the first message, o opens it, a approves it and moves on to the next one.
    await page.keyboard.press('j');
    await page.keyboard.press('o');
    await page.waitForURL(/\/review\/messages\/3$/);
    await page.keyboard.press('a');
    await page.waitForURL(/\/review\/messages\/4$/);
    await page.keyboard.press('a');
    await page.waitForURL(`${base}/review`);
    await expect(page.getByTestId('waiting').textContent()).resolves.toBe('0');
    await eventually(async () => (await sink.waitFor(4, 100)).length === 4);
  });

  it('lists a reviewer’s decisions, and lets only an admin edit the rejection reasons', async () => {
    await send('Audit me');
    const sam = await logIn(SAM);
    await sam.getByRole('link', { name: 'Audit me' }).click();
    await sam.getByRole('button', { name: 'Approve', exact: true }).click();
    await sam.goto(`${base}/review/decisions`);
    await expect(sam.locator('h1').textContent()).resolves.toBe(`Decisions by ${SAM.name} (${SAM.email})`);
    await expect(sam.locator('table.queue').textContent()).resolves.toContain('Audit me');
    expect((await sam.goto(`${base}/review/templates`))!.status()).toBe(403);

    const rita = await logIn(RITA);
    await rita.goto(`${base}/review/templates`);
    await rita.getByLabel('Title').last().fill('Private channel');
    await rita.getByLabel('Reason sent to the participant').last().fill('Please do not move the conversation to another app.');
    await rita.getByRole('button', { name: 'Add reason' }).click();
    await expect(rita.locator('.flash').textContent()).resolves.toBe('Reason saved.');
    expect((await t.relay.services.templates.list()).map((x) => x.title)).toContain('Private channel');
  });

  it('limits login attempts', async () => {
    const page = await (await browser().newContext()).newPage();
    let status = 0;
    for (let i = 0; i < 11; i++) {
      await page.goto(`${base}/login`);
      await page.getByLabel('Email').fill(RITA.email);
      await page.getByLabel('Password').fill('wrong password!');
      const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/login') && r.request().method() === 'POST'), page.getByRole('button', { name: 'Log in' }).click()]);
      status = response.status();
      if (i < 10) expect(status).toBe(401);
    }
    expect(status).toBe(429);
    await expect(page.locator('body').textContent()).resolves.toMatch(/Too many login attempts/);
  });

  it('shows what screening flagged, marked in the text, and the urgent ones first in the queue', async () => {
    await send('Weekend', 'Hi Pat! Lets meet up on Saturday, just the two of us. My cell is 555-123-4567.');
    const [id] = await heldIds();
    await eventually(async () => (await t.api('GET', `/api/messages/${id}`)).body.flags.length > 0);
    const page = await logIn(RITA);
    await expect(page.locator('table.queue .badge.urgent').first().textContent()).resolves.toBe('⚠ keyword');
    await page.getByRole('link', { name: 'Weekend' }).click();
    const marks = await page.locator('pre.body mark').allTextContents();
    expect(marks).toEqual(expect.arrayContaining(['meet up', 'just the two of us', '555-123-4567']));
    expect(await page.locator('pre.body mark.urgent').first().textContent()).toBe('meet up');
    await expect(page.getByRole('region', { name: 'Flags' }).textContent()).resolves.toMatch(/urgent\s*keyword ×3 — meet up \(meeting in person\); just the two of us/);
    // One line per type and category: three keyword matches, a phone number and what they mean
    // (grooming: meeting offline) make three entries, not five.
    await expect(page.locator('ul.flags > li').count()).resolves.toBe(3);
    await expect(page.getByRole('region', { name: 'Flags' }).textContent()).resolves.toMatch(/grooming/);
  });

  it('lists the flags one line per type and category, names each mark, and shows the text first on a phone', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const id = await send('Meet up on Saturday?', `Hi Pat!\n\nlet's meet in person at the mall on saturday, don't tell your parents ${hostile}\n\nMorgan`);
    const reply = await sendOnce(t.smtpPort, PROTEGE.email, [alias], message({ from: `Pat <${PROTEGE.email}>`, subject: 'hi', body: 'Hi Morgan,\nsometimes i think about hurting myself.' }));
    const disclosed = idOf(reply);
    await screened(t, disclosed);
    const dialogs: string[] = [];
    for (const width of [375, 1280]) {
      const page = await logIn(RITA, width);
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(`${base}/review/messages/${id}`);
      const lines = page.locator('ul.flags > li');
      // Grooming split by what it is, the most severe first, then by type and category; meeting
      // offline twice (the subject and the text) on one line.
      expect(await lines.evaluateAll((li) => li.map((l) => [l.getAttribute('data-flag-type'), l.getAttribute('data-flag-category')]))).toEqual([
        ['grooming', 'meeting offline'],
        ['grooming', 'secrecy'],
        ['keyword', null],
      ]);
      expect(await lines.nth(0).innerText()).toMatch(/^urgent grooming — meeting offline ×2 — in subject; in body: "Meet up on Saturday\?" · "Hi Pat! let's meet in person/);
      expect(await lines.nth(1).innerText()).toMatch(/^urgent grooming — secrecy: ".*don't tell your parents <img src=x onerror=alert\(1\)> Morgan"$/);
      expect(await lines.nth(2).innerText()).toMatch(/^urgent keyword ×3 — /);
      // Each mark says what it is, in the subject and in the text; the message's markup stays text.
      expect(await page.locator('h1 mark').getAttribute('title')).toBe('keyword: meet up (meeting in person); grooming: meeting offline');
      const text = page.getByTestId('text-body');
      expect(await text.locator('mark', { hasText: 'meet in person' }).getAttribute('title')).toBe('keyword: meet in person (meeting in person); grooming: meeting offline');
      expect(await text.locator('mark', { hasText: "don't tell your parents" }).getAttribute('title')).toBe('keyword: dont tell your parents (secrecy); grooming: secrecy');
      expect(await text.innerText()).toContain(hostile);
      expect(await page.locator('main img').count()).toBe(0);
      // A phone shows the text before the list; a wide screen the list above the text, as before.
      const top = async (name: string) => (await page.getByRole('region', { name, exact: true }).boundingBox())!.y;
      if (width === 375) expect(await top('Text')).toBeLessThan(await top('Flags'));
      else expect(await top('Flags')).toBeLessThan(await top('Text'));

      await page.goto(`${base}/review/messages/${disclosed}`);
      expect(await lines.evaluateAll((li) => li.map((l) => `${l.getAttribute('data-flag-type')}/${l.getAttribute('data-flag-category')}`))).toEqual(['disclosure/self-harm']);
      expect(await lines.first().innerText()).toBe('urgent disclosure — self-harm: "Hi Morgan, sometimes i think about hurting myself."');
      expect(await page.getByTestId('text-body').locator('mark.urgent', { hasText: 'hurting myself' }).getAttribute('title')).toBe('disclosure: self-harm');
    }
    expect(dialogs).toEqual([]);
  });

  it('reads well at 375 px and at 1440 px', async () => {
    await send('Our first session on Thursday', 'Hi Pat,\n\nLooking forward to Thursday. Could you bring the essay draft you mentioned? My cell is 555-123-4567 if the bus is late.\n\nMorgan');
    await send('A message with a rather long subject line to see how it wraps on a small phone screen');
    for (const id of await heldIds()) await eventually(async () => (await t.api('GET', `/api/messages/${id}`)).body.screenedAt);
    // UPDATE_SCREENSHOTS=1 refreshes the README's pictures; otherwise they go to a temporary folder.
    const shots = screenshotsDir(t.dir);
    for (const width of [375, 1440]) {
      const page = await logIn(RITA, width);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: `${shots}queue-${width}.png`, fullPage: true });
      await page.locator('table.queue a.subject').first().click();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: `${shots}message-${width}.png`, fullPage: true });
    }
  });
});
