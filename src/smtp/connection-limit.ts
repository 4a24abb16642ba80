import type { Socket } from 'node:net';
import type { SMTPServer } from 'smtp-server';
import { tooManyConnections } from './replies.js';

// A refused client gets this long to read the 421 and hang up before its socket is destroyed.
const REFUSED_LINGER_MS = 2000;

/** IPv4 clients of a dual-stack listener arrive as ::ffff:a.b.c.d; they are the same address. */
const normalize = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');

/**
 * At most `limit` open sessions per client address: one address holding idle sessions cannot lock
 * every other sender out. The check runs when smtp-server hands over an accepted socket, before it
 * becomes a session, so a refused connection never counts against maxClients and is not kept for
 * the 100 ms before the greeting. The count is released when the socket closes, which covers every
 * way a session ends (QUIT, the client dropping, the idle timeout, a socket error, shutdown).
 */
export function limitConnectionsPerAddress(server: SMTPServer, limit: number): void {
  const open = new Map<string, number>();
  const connect = server.connect.bind(server);
  server.connect = (socket, socketOptions) => {
    // Gone between accept and now: its 'close' may have fired already, so it is not counted.
    if (socket.destroyed) return connect(socket, socketOptions);
    const address = normalize(socketOptions?.remoteAddress ?? socket.remoteAddress ?? '');
    const count = open.get(address) ?? 0;
    if (count >= limit) return refuse(socket, address, limit);
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
    connect(socket, socketOptions);
  };
}

function refuse(socket: Socket, address: string, limit: number): void {
  const reply = tooManyConnections(address, limit);
  socket.on('error', () => {}); // the client may already be gone; nothing to tell it
  socket.resume(); // whatever it sends is discarded, and its FIN is read, so the socket closes when it hangs up
  socket.end(`${reply.responseCode} ${reply.message}\r\n`);
  setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref();
}
