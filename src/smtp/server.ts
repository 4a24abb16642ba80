import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import { PartCollector, type RawMessage } from '../messages/archive.js';
import { IngestRefusal, SenderNotVerified, type IngestService } from '../messages/ingest.service.js';
import { limitConnectionsPerAddress } from './connection-limit.js';
import {
  SmtpError,
  heldForReview,
  messageTooLarge,
  notAParticipant,
  pairInactive,
  relayDenied,
  senderCheckUnavailable,
  senderNotVerified,
  storageFailure,
  tooManyRecipients,
  unknownAlias,
} from './replies.js';

/** A participant writes to their pair, rarely to a few: a long recipient list is not mentoring mail. */
const MAX_RECIPIENTS = 20;

export interface SmtpOptions {
  host: string;
  port: number;
  maxMessageBytes: number;
  maxClients: number;
  maxConnectionsPerIp: number;
  idleTimeoutMs: number;
  tlsKey: string | null;
  tlsCert: string | null;
}

type Callback<T> = (err?: Error | null, result?: T) => void;

/**
 * Turns an async handler into an smtp-server callback. An SmtpError goes to the wire as it is;
 * anything else is logged and becomes 451 4.3.0, so smtp-server's own defaults (450 on DATA,
 * 550 on RCPT) never decide a reply.
 */
function adapt<A extends unknown[], T>(log: Logger, what: string, fn: (...args: A) => Promise<T>) {
  return (...args: [...A, Callback<T>]) => {
    const callback = args.pop() as Callback<T>;
    fn(...(args as unknown as A)).then(
      (result) => callback(null, result),
      (err: unknown) => {
        if (err instanceof SmtpError) return callback(err);
        log.error({ err }, `${what} failed`);
        callback(storageFailure());
      },
    );
  };
}

/** Reads the DATA stream to the end; stops keeping bytes past the limit but always drains. */
async function readMessage(stream: SMTPServerDataStream, limit: number): Promise<RawMessage | null> {
  const collector = new PartCollector();
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) collector.push(chunk);
  }
  // smtp-server advertises SIZE but does not enforce it: the stream only reports the overflow.
  if (stream.sizeExceeded || size > limit) return null;
  return collector.finish();
}

export function createSmtpServer(options: SmtpOptions, ingest: IngestService, log: Logger): SMTPServer {
  const onRcptTo = adapt(log, 'RCPT', async (address: { address: string }, session: SMTPServerSession) => {
    if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) throw tooManyRecipients(MAX_RECIPIENTS);
    const check = await ingest.checkRecipient(address.address);
    if (check.ok) return;
    if (check.reason === 'other-domain') throw relayDenied(check.domain);
    if (check.reason === 'unknown-alias') throw unknownAlias(check.address);
    throw pairInactive(check.address, check.status);
  });

  const onData = adapt(log, 'DATA', async (stream: SMTPServerDataStream, session: SMTPServerSession) => {
    const raw = await readMessage(stream, options.maxMessageBytes);
    if (!raw) throw messageTooLarge(options.maxMessageBytes);
    const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    try {
      const { messageIds } = await ingest.accept(
        { mailFrom, recipients: session.envelope.rcptTo.map((r) => r.address), remoteAddress: session.remoteAddress ?? null, helo: session.hostNameAppearsAs || null },
        raw,
      );
      log.info({ messageIds, size: raw.size }, 'message held');
      return heldForReview(messageIds);
    } catch (err) {
      if (err instanceof SenderNotVerified) {
        log.info({ temporary: err.auth.temporary, from: err.auth.fromAddress, summary: err.auth.summary }, 'sender not verified');
        throw err.auth.temporary ? senderCheckUnavailable() : senderNotVerified(err.auth.fromAddress, err.auth.fromDomain);
      }
      if (err instanceof IngestRefusal) {
        log.info({ reason: err.reason, alias: err.alias }, 'message refused');
        throw err.reason === 'pair-inactive' ? pairInactive(err.alias, 'not active') : notAParticipant(err.sender, err.alias);
      }
      throw err;
    }
  });

  const tls = options.tlsKey && options.tlsCert ? { key: readFileSync(options.tlsKey), cert: readFileSync(options.tlsCert) } : null;
  const serverOptions: SMTPServerOptions = {
    banner: 'mentor-relay ESMTP',
    size: options.maxMessageBytes,
    maxClients: options.maxClients,
    // A session that owes us a command and sends nothing for this long gets 421 and is closed.
    // RFC 5321 §4.5.3.2.7 suggests 5 minutes; a minute (smtp-server's default) is ample for a
    // client that is sending, and keeps an idle one from sitting on its sessions.
    socketTimeout: options.idleTimeoutMs,
    // The relay never uses the client's PTR name: a look-up per connection would only be a DNS query
    // any client can make us send (to the system's resolver, not RELAY_DNS_SERVERS), and up to 1.5 s
    // before the greeting.
    disableReverseLookup: true,
    authOptional: true,
    disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    // Our replies carry their own RFC 3463 codes; the server's automatic ones would be guesses.
    hideENHANCEDSTATUSCODES: true,
    logger: false,
    // On shutdown, a session still open after 5 s is cut; its message was not answered 250, so the client retries.
    closeTimeout: 5000,
    ...(tls ?? {}),
    onRcptTo: onRcptTo as unknown as SMTPServerOptions['onRcptTo'],
    onData: onData as unknown as SMTPServerOptions['onData'],
  };
  const server = new SMTPServer(serverOptions);
  limitConnectionsPerAddress(server, options.maxConnectionsPerIp);
  server.on('error', (err) => log.error({ err }, 'SMTP server error'));
  return server;
}

export function listenSmtp(server: SMTPServer, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, host, () => {
      server.server.off('error', reject);
      resolve((server.server.address() as AddressInfo).port);
    });
  });
}

export function closeSmtp(server: SMTPServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
