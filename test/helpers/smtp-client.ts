import net from 'node:net';

/**
 * A plain SMTP client over a socket that keeps every reply line as the server wrote it, so tests
 * can assert the exact line on the wire. One reply per command (multi-line replies are joined).
 */
export class SmtpClient {
  private buffer = '';
  private waiters: { resolve: (line: string) => void; reject: (err: Error) => void }[] = [];
  private closed = false;
  private pending: string[] = [];
  private replies: string[] = [];
  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.setNoDelay(true); // a command and the message end are small writes: no Nagle delay
    const fail = () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w.reject(new Error('connection closed'));
    };
    socket.on('close', fail);
    socket.on('error', fail);
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let i: number;
      while ((i = this.buffer.indexOf('\r\n')) >= 0) {
        const line = this.buffer.slice(0, i);
        this.buffer = this.buffer.slice(i + 2);
        this.pending.push(line);
        if (/^\d{3} /.test(line)) {
          const reply = this.pending.join('\n');
          this.pending = [];
          const w = this.waiters.shift();
          if (w) w.resolve(reply);
          else this.replies.push(reply);
        }
      }
    });
  }

  /** The first line the server wrote (220, or a refusal such as 421). */
  greeting = '';

  /** Connects from `localAddress` (default 127.0.0.1; any 127.0.0.0/8 address is a different client). */
  static async connect(port: number, options: string | { localAddress?: string } = {}): Promise<SmtpClient> {
    const localAddress = typeof options === 'string' ? options : options.localAddress;
    const socket = net.connect({ port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const client = new SmtpClient(socket);
    client.greeting = await client.reply();
    return client;
  }

  /** Drops the connection without QUIT; `reset` sends a TCP RST, as a crashed client's kernel would. */
  drop(reset = false): void {
    if (reset) this.socket.resetAndDestroy();
    else this.socket.destroy();
  }

  reply(): Promise<string> {
    const r = this.replies.shift();
    if (r !== undefined) return Promise.resolve(r);
    if (this.closed) return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no SMTP reply within 20 s')), 20_000);
      this.waiters.push({
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      });
    });
  }

  async command(line: string): Promise<string> {
    this.socket.write(line + '\r\n');
    return this.reply();
  }

  /** Sends DATA, the message (dot-stuffed; it must already use CRLF) and the final dot; returns the last reply. */
  async data(raw: Buffer): Promise<string> {
    const go = await this.command('DATA');
    if (!go.startsWith('354')) return go;
    const stuffed = Buffer.from(raw.toString('latin1').replace(/^\./gm, '..'), 'latin1');
    this.socket.write(Buffer.concat([stuffed, Buffer.from(raw.subarray(-2).toString() === '\r\n' ? '.\r\n' : '\r\n.\r\n')]));
    return this.reply();
  }

  /** A whole transaction; returns the first refusal or the reply after DATA. */
  async send(from: string, to: string[], raw: Buffer): Promise<string> {
    const mail = await this.command(`MAIL FROM:<${from}>`);
    if (!mail.startsWith('250')) return mail;
    for (const rcpt of to) {
      const r = await this.command(`RCPT TO:<${rcpt}>`);
      if (!r.startsWith('250')) {
        await this.command('RSET');
        return r;
      }
    }
    return this.data(raw);
  }

  async quit(): Promise<void> {
    await this.command('QUIT').catch(() => {});
    this.socket.destroy();
  }
}

/** Sends one message on a new connection and closes it. */
export async function sendOnce(port: number, from: string, to: string[], raw: Buffer): Promise<string> {
  const client = await SmtpClient.connect(port);
  try {
    await client.command('EHLO client.test');
    return await client.send(from, to, raw);
  } finally {
    await client.quit();
  }
}

/** A small RFC 5322 message with CRLF line endings. */
export function message(fields: { from?: string; to?: string; subject?: string; messageId?: string; inReplyTo?: string; references?: string; extra?: string[]; body?: string }): Buffer {
  const lines = [
    fields.from !== undefined ? `From: ${fields.from}` : null,
    `To: ${fields.to ?? 'someone@relay.test'}`,
    `Subject: ${fields.subject ?? 'Hello'}`,
    'Date: Mon, 23 Nov 2026 10:00:00 +0000',
    fields.messageId ? `Message-ID: <${fields.messageId}>` : null,
    fields.inReplyTo ? `In-Reply-To: <${fields.inReplyTo}>` : null,
    fields.references ? `References: ${fields.references}` : null,
    ...(fields.extra ?? []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    fields.body ?? 'Hi there!',
    '',
  ].filter((l) => l !== null);
  return Buffer.from(lines.join('\r\n'));
}
