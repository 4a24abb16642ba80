import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';

const dir = () => mkdtempSync(path.join(tmpdir(), 'relay-config-'));

/** The one line loadConfig stops with, or '' when it loads. */
function failure(env: Record<string, string>, file?: unknown): string {
  const cwd = dir();
  if (file !== undefined) {
    mkdirSync(path.join(cwd, 'config'));
    writeFileSync(path.join(cwd, 'config/local.json'), JSON.stringify(file));
  }
  try {
    loadConfig({ cwd, env });
    return '';
  } catch (err) {
    return (err as Error).message;
  }
}

const refusedTrue =
  'true is refused: trusting every hop lets a client write its own address in X-Forwarded-For, and so escape the login limit; give the number of proxies in front (1) or their addresses';

describe('RELAY_TRUST_PROXY', () => {
  it.each([
    ['false', false],
    ['0', false],
    ['1', 1],
    ['2', 2],
    ['10.0.0.5', ['10.0.0.5']],
    ['10.0.0.5, 10.1.0.0/16,fd00::/8,::1', ['10.0.0.5', '10.1.0.0/16', 'fd00::/8', '::1']],
    ['loopback', ['loopback']],
  ])('reads %j as %j', (raw, expected) => {
    expect(loadConfig({ cwd: dir(), env: { RELAY_TRUST_PROXY: raw } }).http.trustProxy).toEqual(expected);
  });

  it('is false by default', () => {
    expect(loadConfig({ cwd: dir(), env: {} }).http.trustProxy).toBe(false);
  });

  it('takes a hop count or a list in a config file', () => {
    const cwd = dir();
    mkdirSync(path.join(cwd, 'config'));
    writeFileSync(path.join(cwd, 'config/local.json'), JSON.stringify({ http: { trustProxy: [' 192.168.1.10 ', '10.0.0.0/8'] } }));
    expect(loadConfig({ cwd, env: {} }).http.trustProxy).toEqual(['192.168.1.10', '10.0.0.0/8']);
    writeFileSync(path.join(cwd, 'config/local.json'), JSON.stringify({ http: { trustProxy: 1 } }));
    expect(loadConfig({ cwd, env: {} }).http.trustProxy).toBe(1);
  });

  it('refuses true, from the environment or a file, with one line saying why', () => {
    expect(failure({ RELAY_TRUST_PROXY: 'true' })).toBe(`RELAY_TRUST_PROXY: ${refusedTrue}`);
    expect(failure({ RELAY_TRUST_PROXY: 'yes' })).toBe(`RELAY_TRUST_PROXY: ${refusedTrue}`);
    expect(failure({}, { http: { trustProxy: true } })).toBe(`config/local.json: http.trustProxy: ${refusedTrue}`);
  });

  it.each([
    [{ RELAY_TRUST_PROXY: 'proxy.example' }, /^RELAY_TRUST_PROXY: not a proxy address or CIDR: "proxy\.example"/],
    [{ RELAY_TRUST_PROXY: '10.0.0.0/33' }, /^RELAY_TRUST_PROXY: not a proxy address or CIDR: "10\.0\.0\.0\/33"/],
    [{ RELAY_TRUST_PROXY: '10.0.0.1,*' }, /^RELAY_TRUST_PROXY: not a proxy address or CIDR: "\*"/],
  ])('stops on %o with one line naming the setting', (env, pattern) => {
    const message = failure(env);
    expect(message).toMatch(pattern);
    expect(message).not.toContain('\n');
  });

  it('names the key of a value of the wrong kind in a file', () => {
    expect(failure({}, { http: { trustProxy: 'loopback' } })).toMatch(/^config\/local\.json: http\.trustProxy: must be false, a number of proxies such as 1, or a list of proxy addresses/);
  });
});

describe('SMTP limits', () => {
  it('allows 50 sessions per client address and closes a session idle for a minute by default', () => {
    expect(loadConfig({ cwd: dir(), env: {} }).smtp).toMatchObject({ maxClients: 200, maxConnectionsPerIp: 50, idleTimeoutMs: 60_000 });
  });

  it('reads RELAY_SMTP_MAX_CONNECTIONS_PER_IP, and the idle timeout from a file', () => {
    expect(loadConfig({ cwd: dir(), env: { RELAY_SMTP_MAX_CONNECTIONS_PER_IP: '20' } }).smtp.maxConnectionsPerIp).toBe(20);
    const cwd = dir();
    mkdirSync(path.join(cwd, 'config'));
    writeFileSync(path.join(cwd, 'config/local.json'), JSON.stringify({ smtp: { idleTimeoutMs: 300_000 } }));
    expect(loadConfig({ cwd, env: {} }).smtp.idleTimeoutMs).toBe(300_000);
  });

  it.each([
    [{ RELAY_SMTP_MAX_CONNECTIONS_PER_IP: 'many' }, undefined, /^RELAY_SMTP_MAX_CONNECTIONS_PER_IP: must be a whole number \(got "many"\)$/],
    [{ RELAY_SMTP_MAX_CONNECTIONS_PER_IP: '0' }, undefined, /^RELAY_SMTP_MAX_CONNECTIONS_PER_IP: .*1.*\(got 0\)$/],
    [
      { RELAY_SMTP_MAX_CONNECTIONS_PER_IP: '200' },
      undefined,
      /^RELAY_SMTP_MAX_CONNECTIONS_PER_IP: must be below smtp\.maxClients \(200\), or one address could take every session \(got 200\)$/,
    ],
    [{}, { smtp: { idleTimeoutMs: 10 } }, /^config\/local\.json: smtp\.idleTimeoutMs: .*100.*\(got 10\)$/],
  ])('stops on %o %o with one line naming the setting', (env, file, pattern) => {
    const message = failure(env, file);
    expect(message).toMatch(pattern);
    expect(message).not.toContain('\n');
  });
});
