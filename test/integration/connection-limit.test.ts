import { afterEach, describe, expect, it } from 'vitest';
import { SmtpClient, message } from '../helpers/smtp-client.js';
import { MENTOR, eventually, removeDir, setupPair, startTestRelay, type TestRelay } from '../helpers/relay.js';

let t: TestRelay | undefined;

afterEach(async () => {
  if (!t) return;
  await t.stop();
  removeDir(t.dir);
  t = undefined;
});

const refusal = (address: string, limit: number) =>
  `421 4.7.0 Too many connections from ${address}: at most ${limit} at a time; close one and try again later`;

const connectMany = (port: number, n: number, localAddress = '127.0.0.1') =>
  Promise.all(Array.from({ length: n }, () => SmtpClient.connect(port, { localAddress })));

/** Connects until the relay greets with 220 (a closed session is released when the relay sees its socket close). */
const connectWhenFree = async (port: number, localAddress = '127.0.0.1'): Promise<SmtpClient> =>
  (await eventually(async () => {
    const client = await SmtpClient.connect(port, { localAddress });
    if (client.greeting.startsWith('220 ')) return client;
    client.drop();
    return null;
  }))!;

describe('SMTP connections per client address', () => {
  it('refuses the 51st session of one address with 421 4.7.0; its 50 others and other addresses carry on', async () => {
    t = await startTestRelay();
    const { pair } = await setupPair(t);
    const hello = message({ from: `Morgan <${MENTOR.email}>`, subject: 'Still here' });

    const idle = await connectMany(t.smtpPort, 50);
    expect(idle.map((c) => c.greeting.slice(0, 4))).toEqual(Array(50).fill('220 '));
    const fiftyFirst = await SmtpClient.connect(t.smtpPort);
    expect(fiftyFirst.greeting).toBe(refusal('127.0.0.1', 50));
    // 199 more at once: 250 sockets from 127.0.0.1 in all, more than the relay's 200 sessions.
    const flood = await connectMany(t.smtpPort, 199);
    expect(new Set(flood.map((c) => c.greeting))).toEqual(new Set([refusal('127.0.0.1', 50)]));

    const other = await SmtpClient.connect(t.smtpPort, { localAddress: '127.0.0.3' });
    expect(other.greeting).toMatch(/^220 /);
    expect(await other.command('EHLO other.test')).toMatch(/^250[ -]/);
    expect(await other.send(MENTOR.email, [pair.alias], hello)).toMatch(/^250 2\.0\.0 Held for review as message \d+$/);
    await other.quit();

    // The idle sessions were not disturbed: one of them sends a message now.
    expect(await idle[0]!.command('EHLO busy.test')).toMatch(/^250[ -]/);
    expect(await idle[0]!.send(MENTOR.email, [pair.alias], hello)).toMatch(/^250 2\.0\.0 Held for review as message \d+$/);

    for (const c of idle.splice(0, 5)) await c.quit();
    const again = await connectWhenFree(t.smtpPort);
    expect(await again.command('EHLO back.test')).toMatch(/^250[ -]/);
    await again.quit();
    for (const c of idle) c.drop();
  });

  it('releases a session however it ends: QUIT, a dropped socket, a reset, the idle timeout', async () => {
    t = await startTestRelay({ smtp: { maxConnectionsPerIp: 1, idleTimeoutMs: 1000 } });
    const port = t.smtpPort;

    const first = await SmtpClient.connect(port);
    expect((await SmtpClient.connect(port)).greeting).toBe(refusal('127.0.0.1', 1));
    await first.quit();

    const dropped = await connectWhenFree(port);
    expect((await SmtpClient.connect(port)).greeting).toBe(refusal('127.0.0.1', 1));
    dropped.drop();

    const reset = await connectWhenFree(port);
    reset.drop(true);

    // A session that says nothing is closed by the relay after idleTimeoutMs.
    const silent = await connectWhenFree(port);
    expect(await silent.reply()).toBe('421 Timeout - closing connection');
    const after = await connectWhenFree(port);
    expect(await after.command('EHLO late.test')).toMatch(/^250[ -]/);
    await after.quit();
  });
});
