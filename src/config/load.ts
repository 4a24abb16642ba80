import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import Value from 'typebox/value';
import { ConfigSchema, defaults, envSettings, type Config } from './schema.js';
import { trustProxyFromEnv, trustProxyProblem } from './trust-proxy.js';

/** A configuration the relay cannot start with; `message` is one line naming the setting. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Json = Record<string, unknown>;

/** Files merged over the defaults, in order: the committed one, then a local one (git-ignored). */
export const configFiles = ['config/default.json', 'config/local.json'];

/**
 * Loads the configuration: defaults < config/*.json < RELAY_* environment. The result is
 * validated and frozen; a bad value throws ConfigError naming the setting.
 */
export function loadConfig(options: { cwd?: string; env?: NodeJS.ProcessEnv; overrides?: DeepPartial<Config> } = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  let merged: Json = structuredClone(defaults) as unknown as Json;
  const origin = new Map<string, string>();

  for (const file of configFiles) {
    const full = path.join(cwd, file);
    if (!existsSync(full)) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(full, 'utf8'));
    } catch (err) {
      throw new ConfigError(`${file}: not valid JSON (${(err as Error).message})`);
    }
    if (!isObject(parsed)) throw new ConfigError(`${file}: must hold a JSON object`);
    merged = deepMerge(merged, parsed, file, origin);
  }

  for (const [name, setting] of Object.entries(envSettings)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    setPath(merged, setting.path, fromEnv(name, raw, setting.kind));
    origin.set(setting.path.join('.'), name);
  }
  if (options.overrides) merged = deepMerge(merged, options.overrides as Json, 'overrides', origin);

  const proxyProblem = trustProxyProblem(getPath(merged, ['http', 'trustProxy']));
  if (proxyProblem) throw new ConfigError(`${origin.get('http.trustProxy') ?? 'http.trustProxy'}: ${proxyProblem}`);
  const errors = Value.Errors(ConfigSchema, merged);
  const error = errors[0];
  if (error) {
    const key = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const named = origin.get(key) ?? (key || 'configuration');
    const value = key ? getPath(merged, key.split('.')) : undefined;
    // A list of allowed words fails once per word ("must be equal to constant"): name them all instead.
    const allowed = errors.filter((e) => e.instancePath === error.instancePath && e.keyword === 'const').map((e) => String((e.params as { allowedValue: unknown }).allowedValue));
    const message = allowed.length > 1 ? `must be one of ${allowed.join(', ')}` : error.message;
    throw new ConfigError(`${named}: ${describe(message, key)}${value === undefined ? '' : ` (got ${JSON.stringify(value)})`}`);
  }
  const config = merged as unknown as Config;
  checkTimeZone(config.timeZone, origin.get('timeZone') ?? 'timeZone');
  if (config.smtp.maxConnectionsPerIp >= config.smtp.maxClients) {
    const name = origin.get('smtp.maxConnectionsPerIp') ?? 'smtp.maxConnectionsPerIp';
    throw new ConfigError(`${name}: must be below smtp.maxClients (${config.smtp.maxClients}), or one address could take every session (got ${config.smtp.maxConnectionsPerIp})`);
  }
  checkDnsServers(config.senderAuth.dnsServers, origin.get('senderAuth.dnsServers') ?? 'senderAuth.dnsServers');
  // Unless set, forwarded mail is written beside the database: two programs on one machine (two
  // RELAY_DB files) never write their mail into one folder, where message-4.eml of one would replace the other's.
  if (!origin.has('outbound.url') && config.db.path !== ':memory:') {
    config.outbound.url = `file:${path.join(path.dirname(path.resolve(cwd, config.db.path)), 'outbox')}`;
  }
  if (config.outbound.url.startsWith('file:')) {
    config.outbound.url = 'file://' + path.resolve(cwd, decodeURIComponent(config.outbound.url.replace(/^file:(\/\/)?/, '')));
  } else {
    try {
      new URL(config.outbound.url);
    } catch {
      throw new ConfigError(`${origin.get('outbound.url') ?? 'outbound.url'}: not a valid smtp:// URL`);
    }
  }
  config.db.path = config.db.path === ':memory:' ? config.db.path : path.resolve(cwd, config.db.path);
  if (config.db.path === ':memory:' && config.screening.enabled) {
    throw new ConfigError(`${origin.get('db.path') ?? 'db.path'}: ':memory:' cannot be used with screening (the screening thread reads the database file); name a file`);
  }
  config.domain = config.domain.toLowerCase();
  if (Array.isArray(config.http.trustProxy)) config.http.trustProxy = config.http.trustProxy.map((entry) => entry.trim());
  return deepFreeze(config);
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object | null ? DeepPartial<T[K]> | T[K] : T[K] };

function describe(message: string, key: string): string {
  if (key === 'outbound.url') return 'must be file:///absolute/dir or smtp://[user:pass@]host:port';
  if (key === 'domain') return 'must be a domain name such as mentors.example.org';
  if (key.startsWith('http.trustProxy')) return 'must be false, a number of proxies such as 1, or a list of proxy addresses';
  if (key === 'senderAuth.mode') return 'must be off, flag or enforce';
  return message;
}

function fromEnv(name: string, raw: string, kind: 'string' | 'integer' | 'boolean' | 'list' | 'proxies'): unknown {
  if (kind === 'proxies') return trustProxyFromEnv(raw);
  if (kind === 'list') return raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (kind === 'integer') {
    if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name}: must be a whole number (got ${JSON.stringify(raw)})`);
    return Number(raw.trim());
  }
  if (kind === 'boolean') {
    const v = raw.trim().toLowerCase();
    if (['true', '1', 'yes'].includes(v)) return true;
    if (['false', '0', 'no'].includes(v)) return false;
    throw new ConfigError(`${name}: must be true or false (got ${JSON.stringify(raw)})`);
  }
  return raw;
}

function checkTimeZone(tz: string, name: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new ConfigError(`${name}: unknown time zone (got ${JSON.stringify(tz)})`);
  }
}

/**
 * Every DNS server must be an IP address with an optional port (1-65535): node's resolver takes no
 * host names, and a port of 0 aborts the process inside it rather than throwing.
 */
function checkDnsServers(servers: string[], name: string): void {
  for (const entry of servers) {
    if (!isDnsServer(entry)) {
      throw new ConfigError(`${name}: each DNS server must be an IP address with an optional port, such as 127.0.0.1:5353 or [::1]:53 (got ${JSON.stringify(entry)})`);
    }
  }
}

function isDnsServer(entry: string): boolean {
  // A bare IPv6 address has colons of its own, and so no port; `[v6]:port` has one.
  if (isIP(entry) === 6) return true;
  const m = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(entry) ?? /^([^:[\]]+)(?::(\d{1,5}))?$/.exec(entry);
  if (!m || isIP(m[1]!) !== (entry.startsWith('[') ? 6 : 4)) return false;
  const port = m[2] === undefined ? 53 : Number(m[2]);
  return port >= 1 && port <= 65535;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepMerge(base: Json, over: Json, source: string, origin: Map<string, string>, prefix = ''): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (isObject(v) && isObject(base[k])) out[k] = deepMerge(base[k] as Json, v, source, origin, key);
    else {
      out[k] = v;
      origin.set(key, `${source}: ${key}`);
    }
  }
  return out;
}

function setPath(obj: Json, keys: readonly string[], value: unknown): void {
  let cur = obj;
  for (const k of keys.slice(0, -1)) cur = cur[k] as Json;
  cur[keys[keys.length - 1]!] = value;
}

function getPath(obj: Json, keys: string[]): unknown {
  let cur: unknown = obj;
  for (const k of keys) cur = isObject(cur) ? cur[k] : undefined;
  return cur;
}

function deepFreeze<T>(o: T): T {
  if (isObject(o)) for (const v of Object.values(o)) deepFreeze(v);
  return Object.freeze(o);
}
