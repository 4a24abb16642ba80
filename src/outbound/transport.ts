import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';

export interface Envelope {
  from: string;
  to: string[];
}

/** Where approved mail goes: `.eml` files (the default) or a smarthost over SMTP. */
export interface Transport {
  readonly description: string;
  /** Resolves with the receiving side's reply; rejects with `responseCode` set when it answered with an error. */
  send(envelope: Envelope, raw: Buffer, name: string): Promise<string>;
  close(): void;
}

/** `file:///abs/dir` or `smtp[s]://[user:pass@]host:port`. */
export function createTransport(url: string, options: { concurrency: number }): Transport {
  if (url.startsWith('file:')) return fileTransport(fileURLToPath(url));
  const safe = new URL(url);
  safe.password = safe.password ? '***' : '';
  const mailer = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: options.concurrency,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    logger: false,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    description: safe.toString(),
    async send(envelope, raw) {
      const info = (await mailer.sendMail({ envelope: { ...envelope }, raw })) as { response?: string };
      return String(info.response ?? '');
    },
    close: () => mailer.close(),
  };
}

function fileTransport(dir: string): Transport {
  mkdirSync(dir, { recursive: true });
  return {
    description: `file://${dir}`,
    async send(_envelope, raw, name) {
      const file = path.join(dir, `${name}.eml`);
      // Write then rename: a reader never sees half a message, and a retry overwrites the same file.
      writeFileSync(`${file}.tmp`, raw);
      renameSync(`${file}.tmp`, file);
      return `written to ${file}`;
    },
    close() {},
  };
}
