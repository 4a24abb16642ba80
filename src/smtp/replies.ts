/**
 * Every reply the relay writes on the wire, each from a named constructor. smtp-server sends
 * `responseCode` and `message` as they are; the enhanced status code (RFC 3463) is part of the text
 * because the server's own automatic enhanced codes are turned off (they would guess).
 */
export class SmtpError extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'SmtpError';
  }
}

/** RFC 5321 §3.6.2 / RFC 3463 5.7.1: never an open relay. */
export const relayDenied = (domain: string) =>
  new SmtpError(550, `5.7.1 Relaying denied: this server only accepts mail for its own aliases, not for ${domain}`);

/** RFC 3463 5.1.1: bad destination mailbox address. */
export const unknownAlias = (address: string) => new SmtpError(550, `5.1.1 No such alias here: ${address}`);

/** RFC 3463 5.2.1: mailbox disabled, not accepting messages; the sentence says why, for a person reading the bounce. */
export const pairInactive = (address: string, status: string) =>
  new SmtpError(
    550,
    status === 'pending'
      ? `5.2.1 The mentoring pair behind ${address} is not open yet: it opens when both participants have completed onboarding with the program`
      : status === 'closed'
        ? `5.2.1 The mentoring pair behind ${address} is closed and no longer accepts messages`
        : `5.2.1 The mentoring pair behind ${address} is ${status} and does not accept messages`,
  );

/** RFC 5321 §4.5.3.1.8 / RFC 3463 4.5.3: too many recipients; the client sends the rest in another transaction. */
export const tooManyRecipients = (limit: number) => new SmtpError(452, `4.5.3 Too many recipients: at most ${limit} per message`);

/** RFC 1870 / RFC 3463 5.3.4: message too big for system. */
export const messageTooLarge = (limit: number) =>
  new SmtpError(552, `5.3.4 Message too large: this relay accepts messages of at most ${limit} bytes`);

/** RFC 3463 5.7.1: delivery not authorized. The sentence is for the person, who may read it in a bounce. */
export const notAParticipant = (sender: string | null, alias: string) =>
  new SmtpError(
    550,
    `5.7.1 ${sender ?? 'This sender'} is not a participant of ${alias}: only the mentor and the protege of a pair can write to its address`,
  );

/**
 * RFC 7489 (DMARC) §6.6 / RFC 3463 5.7.1: the From domain is not authenticated for this message
 * (neither an aligned SPF pass nor an aligned DKIM pass), so anyone could have written it.
 */
export const senderNotVerified = (address: string | null, domain: string | null) =>
  new SmtpError(
    550,
    `5.7.1 This relay could not verify that the message comes from ${address ?? 'its sender'}: neither SPF nor DKIM passed for ${domain ?? 'the sender\'s domain'}. Please send it from your own mailbox, through your mail provider's server`,
  );

/**
 * RFC 3463 4.7.0: a DNS look-up for SPF or DKIM failed (timeout, server failure), which RFC 7208 §2.6.6
 * and RFC 6376 §6.1.2 call a temporary error: the client tries again later.
 */
export const senderCheckUnavailable = () =>
  new SmtpError(451, '4.7.0 The sender could not be verified right now (a DNS look-up failed); please try again later');

/** RFC 3463 4.3.0: temporary system problem; the client retries and nothing was stored. */
export const storageFailure = () => new SmtpError(451, '4.3.0 Temporary problem storing the message; please try again later');

/** The 250 text: the message is archived and held (RFC 3463 2.0.0). */
export const heldForReview = (ids: number[]) =>
  `2.0.0 Held for review as message${ids.length > 1 ? 's' : ''} ${ids.join(', ')}`;

/**
 * RFC 5321 §3.8 / RFC 3463 4.7.0: the server refuses the session and closes the channel; 4.7.0
 * (a security policy, temporary) as Postfix answers past smtpd_client_connection_count_limit.
 */
export const tooManyConnections = (address: string, limit: number) =>
  new SmtpError(421, `4.7.0 Too many connections from ${address}: at most ${limit} at a time; close one and try again later`);
