import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';

const dir = () => mkdtempSync(path.join(tmpdir(), 'relay-config-'));

describe('loadConfig', () => {
  it('runs with the embedded defaults', () => {
    const cwd = dir();
    const c = loadConfig({ cwd, env: {} });
    expect(c.smtp).toMatchObject({ host: '127.0.0.1', port: 2525, maxMessageBytes: 25 * 1024 * 1024 });
    expect(c.http).toEqual({ host: '127.0.0.1', port: 3000, trustProxy: false });
    expect(c.db.path).toBe(path.join(cwd, 'data/relay.db'));
    expect(c.outbound.url).toBe(`file://${path.join(cwd, 'data/outbox')}`);
    expect(Object.isFrozen(c.smtp)).toBe(true);
  });

  it('writes forwarded mail beside the database unless told otherwise, so two programs never share an outbox', () => {
    const cwd = dir();
    expect(loadConfig({ cwd, env: { RELAY_DB: '/srv/program-b/relay.db' } }).outbound.url).toBe('file:///srv/program-b/outbox');
    expect(loadConfig({ cwd, env: { RELAY_DB: 'other/fresh.db' } }).outbound.url).toBe(`file://${path.join(cwd, 'other/outbox')}`);
    expect(loadConfig({ cwd, env: { RELAY_DB: '/srv/b/relay.db', RELAY_OUTBOUND: 'file:///var/mail/out' } }).outbound.url).toBe('file:///var/mail/out');
  });

  it('lets RELAY_* variables win over config files', () => {
    const cwd = dir();
    mkdirSync(path.join(cwd, 'config'));
    writeFileSync(path.join(cwd, 'config/default.json'), JSON.stringify({ domain: 'file.example', smtp: { port: 2600 } }));
    const c = loadConfig({ cwd, env: { RELAY_SMTP_PORT: '2700', RELAY_DOMAIN: 'Env.Example', RELAY_REQUIRE_ONBOARDING: 'false', RELAY_OUTBOUND: 'smtp://u:p@mail.example:587' } });
    expect(c.smtp.port).toBe(2700);
    expect(c.domain).toBe('env.example');
    expect(c.requireOnboarding).toBe(false);
    expect(c.outbound.url).toBe('smtp://u:p@mail.example:587');
  });

  it.each([
    [{ RELAY_SMTP_PORT: 'abc' }, /^RELAY_SMTP_PORT: must be a whole number \(got "abc"\)$/],
    [{ RELAY_HTTP_PORT: '70000' }, /^RELAY_HTTP_PORT: .*65535.*\(got 70000\)$/],
    [{ RELAY_OUTBOUND: 'ftp://x' }, /^RELAY_OUTBOUND: must be file:\/\/\/absolute\/dir or smtp:\/\//],
    [{ RELAY_DOMAIN: 'not a domain' }, /^RELAY_DOMAIN: must be a domain name/],
    [{ RELAY_LOG_LEVEL: 'loud' }, /^RELAY_LOG_LEVEL: /],
    [{ RELAY_REQUIRE_ONBOARDING: 'maybe' }, /^RELAY_REQUIRE_ONBOARDING: must be true or false/],
    [{ RELAY_TIME_ZONE: 'Mars/Olympus' }, /^RELAY_TIME_ZONE: unknown time zone/],
    [{ RELAY_DB: ':memory:' }, /^RELAY_DB: ':memory:' cannot be used with screening/],
    [{ RELAY_SENDER_AUTH: 'strict' }, /^RELAY_SENDER_AUTH: must be off, flag or enforce \(got "strict"\)$/],
    [{ RELAY_DNS_SERVERS: '127.0.0.1:5353,dns.example' }, /^RELAY_DNS_SERVERS: each DNS server must be an IP address with an optional port, .*\(got "dns\.example"\)$/],
    [{ RELAY_DNS_SERVERS: '127.0.0.1:0' }, /^RELAY_DNS_SERVERS: each DNS server must be an IP address/],
    [{ RELAY_DNS_SERVERS: '127.0.0.1:99999' }, /^RELAY_DNS_SERVERS: each DNS server must be an IP address/],
    [{ RELAY_DNS_SERVERS: '[127.0.0.1]:53' }, /^RELAY_DNS_SERVERS: each DNS server must be an IP address/],
  ])('stops on %o with one line naming the setting', (env, pattern) => {
    let message = '';
    try {
      loadConfig({ cwd: dir(), env });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(pattern);
    expect(message).not.toContain('\n');
  });

  it('checks senders by default, and reads the DNS servers for it', () => {
    expect(loadConfig({ cwd: dir(), env: {} }).senderAuth).toEqual({ mode: 'flag', dnsServers: [], dnsTimeoutMs: 5000 });
    const c = loadConfig({ cwd: dir(), env: { RELAY_SENDER_AUTH: 'enforce', RELAY_DNS_SERVERS: '127.0.0.1:5353, [::1]:53,::1, 10.0.0.1' } });
    expect(c.senderAuth).toEqual({ mode: 'enforce', dnsServers: ['127.0.0.1:5353', '[::1]:53', '::1', '10.0.0.1'], dnsTimeoutMs: 5000 });
  });

  it('names the file and key of a bad value in a config file', () => {
    const cwd = dir();
    mkdirSync(path.join(cwd, 'config'));
    writeFileSync(path.join(cwd, 'config/local.json'), JSON.stringify({ smtp: { maxClients: 0 } }));
    expect(() => loadConfig({ cwd, env: {} })).toThrow(/^config\/local\.json: smtp\.maxClients: /);
    writeFileSync(path.join(cwd, 'config/local.json'), JSON.stringify({ smtpp: {} }));
    expect(() => loadConfig({ cwd, env: {} })).toThrow(/smtpp/);
  });
});
