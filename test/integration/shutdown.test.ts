import { connect, type Socket } from 'node:net';
import { expect, it } from 'vitest';
import { removeDir, startTestRelay } from '../helpers/relay.js';

it('stops even while a client holds an HTTP connection open without a request (a browser preconnect)', async () => {
  const t = await startTestRelay();
  const sockets: Socket[] = [];
  try {
    // One idle socket that never sends a request, and one kept alive after a request.
    sockets.push(connect(t.relay.httpPort, '127.0.0.1'));
    const kept = connect(t.relay.httpPort, '127.0.0.1');
    sockets.push(kept);
    await new Promise<void>((resolve) => kept.once('connect', () => resolve()));
    kept.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    await new Promise<void>((resolve) => kept.once('data', () => resolve()));
    let stopped = false;
    const stopping = t.stop().then(() => (stopped = true));
    // The relay's HTTP side answers nothing new once stopping, and stopping ends.
    await stopping;
    expect(stopped).toBe(true);
    expect(sockets.every((s) => s.destroyed || s.readableEnded)).toBe(true);
  } finally {
    for (const s of sockets) s.destroy();
    removeDir(t.dir);
  }
});
