import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import * as packet from 'dns-packet';

/**
 * A tiny authoritative DNS server for tests, on 127.0.0.1 (UDP, port chosen by the OS): TXT records
 * from a map, NXDOMAIN for any name not in it (an empty answer for another type of a known name).
 * `mode` simulates a broken server: `servfail` answers SERVFAIL to everything, `drop` never answers.
 */
export interface TestDns {
  /** `127.0.0.1:port`, for senderAuth.dnsServers. */
  server: string;
  /** TXT records by name; each string is one record (split into 255-byte strings on the wire). */
  records: Map<string, string[]>;
  mode: 'answer' | 'servfail' | 'drop';
  /** Every question asked, as `TYPE name`, in order. */
  queries: string[];
  close(): Promise<void>;
}

const NOERROR = 0;
const SERVFAIL = 2;
const NXDOMAIN = 3;

export async function startTestDns(records: Record<string, string | string[]> = {}): Promise<TestDns> {
  const socket = createSocket('udp4');
  const dns: TestDns = {
    server: '',
    records: new Map(Object.entries(records).map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value : [value]])),
    mode: 'answer',
    queries: [],
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
  socket.on('message', (bytes, from) => {
    let query: packet.DecodedPacket;
    try {
      query = packet.decode(bytes);
    } catch {
      return;
    }
    for (const q of query.questions ?? []) dns.queries.push(`${q.type} ${q.name}`);
    if (dns.mode === 'drop') return;
    const question = query.questions?.[0];
    const name = question?.name.toLowerCase() ?? '';
    const known = dns.records.get(name);
    const rcode = dns.mode === 'servfail' ? SERVFAIL : known ? NOERROR : NXDOMAIN;
    const answers: packet.Answer[] =
      rcode === NOERROR && question?.type === 'TXT'
        ? known!.map((text) => ({ type: 'TXT', name: question.name, ttl: 60, class: 'IN', data: chunks(text) }))
        : [];
    const reply = packet.encode({
      type: 'response',
      id: query.id,
      flags: packet.AUTHORITATIVE_ANSWER | (query.flags! & packet.RECURSION_DESIRED) | rcode,
      questions: query.questions,
      answers,
      // Echo EDNS so the client accepts an answer over 512 bytes (a 2048-bit DKIM key).
      additionals: (query.additionals ?? []).filter((a) => a.type === 'OPT').map((a) => ({ ...a, udpPayloadSize: 4096 }) as packet.Answer),
    });
    socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  dns.server = `127.0.0.1:${(socket.address() as AddressInfo).port}`;
  return dns;
}

/** A TXT record's text as the character-strings of at most 255 bytes the wire format needs (RFC 1035 §3.3.14). */
function chunks(text: string): Buffer[] {
  const bytes = Buffer.from(text);
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 255) out.push(bytes.subarray(i, i + 255));
  return out.length > 0 ? out : [Buffer.alloc(0)];
}
