import { afterEach, describe, expect, it } from 'vitest';
import type { DeepPartial } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { removeDir, startTestRelay, type TestRelay } from '../helpers/relay.js';

// The addresses only ever appear inside X-Forwarded-For headers: every request goes to 127.0.0.1.
const CLIENT = '198.51.100.7';
const OTHER_CLIENT = '198.51.100.8';
const forged = (i: number) => `192.0.2.${i + 1}`;

let t: TestRelay | undefined;

afterEach(async () => {
  if (!t) return;
  await t.stop();
  removeDir(t.dir);
  t = undefined;
});

/**
 * A browser behind the proxy at 127.0.0.1: it fetches the login page once (session cookie and CSRF
 * token), then each `attempt` posts a wrong password with the X-Forwarded-For the proxy sends on.
 */
async function loginForm(relay: TestRelay, proxied: boolean) {
  const base = `http://127.0.0.1:${relay.relay.httpPort}`;
  // The proxy terminated TLS; without a trusted proxy the header is a client's word and ignored.
  const proto: Record<string, string> = proxied ? { 'x-forwarded-proto': 'https' } : {};
  const page = await fetch(`${base}/login`, { headers: proto });
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  expect(cookie).toMatch(/^relay_session=/);
  return {
    async attempt(forwardedFor: string): Promise<number> {
      const res = await fetch(`${base}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...proto, cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': forwardedFor },
        body: new URLSearchParams({ _csrf: csrf, email: 'rita@program.example', password: 'not the password' }).toString(),
      });
      await res.arrayBuffer();
      return res.status;
    },
  };
}

async function fifteenForgedLogins(http: DeepPartial<Config['http']>, forwardedFor: (i: number) => string) {
  t = await startTestRelay({ http });
  const form = await loginForm(t, http.trustProxy !== undefined && http.trustProxy !== false);
  const statuses: number[] = [];
  for (let i = 0; i < 15; i++) statuses.push(await form.attempt(forwardedFor(i)));
  return { form, statuses };
}

const tenThenLimited = [...Array(10).fill(401), ...Array(5).fill(429)];

describe('the login limit behind a TLS reverse proxy', () => {
  it('with one trusted hop, counts the address the proxy appended: forged left-most entries do not help', async () => {
    // The client writes its own X-Forwarded-For; the proxy appends the address it saw, right-most.
    const { form, statuses } = await fifteenForgedLogins({ trustProxy: 1 }, (i) => `${forged(i)}, ${CLIENT}`);
    expect(statuses).toEqual(tenThenLimited);
    // Another client behind the same proxy has its own count.
    expect(await form.attempt(`${forged(0)}, ${OTHER_CLIENT}`)).toBe(401);
  });

  it('with the proxy listed by address, the same', async () => {
    const { form, statuses } = await fifteenForgedLogins({ trustProxy: ['127.0.0.1'] }, (i) => `${forged(i)}, ${CLIENT}`);
    expect(statuses).toEqual(tenThenLimited);
    expect(await form.attempt(OTHER_CLIENT)).toBe(401);
  });

  it('without a trusted proxy (the default), ignores X-Forwarded-For: the limit counts the connecting address', async () => {
    const { statuses } = await fifteenForgedLogins({}, forged);
    expect(statuses).toEqual(tenThenLimited);
  });

  it('marks the session cookie Secure whenever a proxy is trusted', async () => {
    t = await startTestRelay({ http: { trustProxy: ['127.0.0.1'] } });
    const res = await fetch(`http://127.0.0.1:${t.relay.httpPort}/login`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/i);
  });
});
