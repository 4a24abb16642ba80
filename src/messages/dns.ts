import { promises as dns } from 'node:dns';

/** A look-up as mailauth calls it, answered as node's `dns.promises.resolve` answers (TXT: string[][] ...). */
export type DnsResolve = (name: string, rrtype: string) => Promise<any>;

/**
 * The resolver sender authentication uses for every look-up: the given servers (`ip[:port]`, checked
 * at start-up), or the system's when there are none. No look-up takes longer than `timeoutMs`: one
 * that has no answer by then fails with ETIMEOUT, which SPF, DKIM and DMARC read as a temporary error,
 * so a silent DNS server delays the reply to a message by a bounded time instead of holding the session.
 */
export function createResolver(servers: readonly string[], timeoutMs: number): DnsResolve {
  // c-ares retries once on its own, the second try waiting twice as long: both fit in the deadline.
  const resolver = new dns.Resolver({ timeout: Math.max(30, Math.floor(timeoutMs / 3)), tries: 2 });
  if (servers.length > 0) resolver.setServers([...servers]);
  return (name, rrtype) => withDeadline(resolver.resolve(name, rrtype), timeoutMs, name);
}

function withDeadline<T>(lookup: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`DNS look-up of ${name} took longer than ${ms} ms`), { code: 'ETIMEOUT' })), ms);
  });
  return Promise.race([lookup, deadline]).finally(() => clearTimeout(timer));
}
