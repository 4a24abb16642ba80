import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Received {
  from: string;
  to: string[];
  raw: Buffer;
}

/**
 * A smarthost that records what it receives. `behaviour` decides each DATA in turn:
 * 'accept', 'drop' (closes the connection after the data, with no reply), '451' or '550'.
 */
export interface Sink {
  port: number;
  received: Received[];
  /** Every DATA the sink saw, whatever it answered. */
  attempts: number;
  waitFor(n: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

type Behaviour = 'accept' | 'drop' | '451' | '550';

export async function startSink(plan: Behaviour[] = [], port = 0): Promise<Sink> {
  const received: Received[] = [];
  const sink = { received, attempts: 0 } as Sink;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const behaviour = plan[sink.attempts] ?? 'accept';
        sink.attempts++;
        if (behaviour === 'drop') {
          // The message arrived in full, but the client never hears that it did.
          for (const conn of connections()) if (conn.id === session.id) conn._socket.destroy();
          return;
        }
        if (behaviour === '451') return callback(Object.assign(new Error('4.3.0 try again later'), { responseCode: 451 }));
        if (behaviour === '550') return callback(Object.assign(new Error('5.1.1 no such user here'), { responseCode: 550 }));
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        callback(null, 'stored');
      });
    },
  });
  // smtp-server keeps its open connections in a Set; the sink reaches into it to cut one off.
  const connections = () => (server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }).connections;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  sink.port = (server.server.address() as AddressInfo).port;
  sink.waitFor = async (n, timeoutMs = 15_000) => {
    const end = Date.now() + timeoutMs;
    while (received.length < n && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    return received;
  };
  sink.close = () => new Promise((resolve) => {
    for (const conn of connections()) conn._socket.destroy();
    server.close(() => resolve());
  });
  return sink;
}
