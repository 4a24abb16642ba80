import Type, { type Static } from 'typebox';

/** Every setting of the relay. Defaults are the embedded ones `npm start` runs with. */
export const ConfigSchema = Type.Object(
  {
    programName: Type.String({ minLength: 1, maxLength: 100 }),
    domain: Type.String({ pattern: '^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$' }),
    timeZone: Type.String({ minLength: 1 }),
    requireOnboarding: Type.Boolean(),
    program: Type.Object(
      {
        /** Days between two staff check-ins with each mentor and protégé of an open pair (MENTOR's monthly contact). */
        checkInDays: Type.Integer({ minimum: 1, maximum: 366 }),
      },
      { additionalProperties: false },
    ),
    reports: Type.Object(
      {
        /** The day the weekly report of the week that ended goes by mail to the coordinators; off: no mail. */
        weeklyDay: Type.Union([
          Type.Literal('off'),
          Type.Literal('monday'),
          Type.Literal('tuesday'),
          Type.Literal('wednesday'),
          Type.Literal('thursday'),
          Type.Literal('friday'),
          Type.Literal('saturday'),
          Type.Literal('sunday'),
        ]),
        /** The hour (0-23, program time zone) on that day. */
        weeklyHour: Type.Integer({ minimum: 0, maximum: 23 }),
        /** Who receives it; empty: every enabled coordinator and admin account. */
        recipients: Type.Array(Type.String({ pattern: '^[^\\s@]+@[^\\s@]+$' })),
      },
      { additionalProperties: false },
    ),
    logLevel: Type.Union([
      Type.Literal('fatal'),
      Type.Literal('error'),
      Type.Literal('warn'),
      Type.Literal('info'),
      Type.Literal('debug'),
      Type.Literal('trace'),
      Type.Literal('silent'),
    ]),
    adminToken: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
    db: Type.Object(
      {
        path: Type.String({ minLength: 1 }),
        // FULL: a committed message survives power loss; NORMAL: survives a process crash only.
        synchronous: Type.Union([Type.Literal('FULL'), Type.Literal('NORMAL')]),
      },
      { additionalProperties: false },
    ),
    smtp: Type.Object(
      {
        host: Type.String({ minLength: 1 }),
        port: Type.Integer({ minimum: 0, maximum: 65535 }),
        maxMessageBytes: Type.Integer({ minimum: 1024 }),
        maxClients: Type.Integer({ minimum: 1 }),
        /** Open sessions one client address may hold (Postfix's smtpd_client_connection_count_limit); below maxClients, so one address cannot take them all. */
        maxConnectionsPerIp: Type.Integer({ minimum: 1 }),
        /** A session that sends nothing for this long is closed with 421 (waiting for our own reply does not count). */
        idleTimeoutMs: Type.Integer({ minimum: 100 }),
        tlsKey: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
        tlsCert: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
      },
      { additionalProperties: false },
    ),
    http: Type.Object(
      {
        host: Type.String({ minLength: 1 }),
        port: Type.Integer({ minimum: 0, maximum: 65535 }),
        /**
         * The TLS reverse proxies in front: false (none), how many hops (1: one proxy), or their addresses
         * and CIDRs. X-Forwarded-For and -Proto are read only through those; never `true`, see trust-proxy.ts.
         */
        trustProxy: Type.Union([Type.Literal(false), Type.Integer({ minimum: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })]),
      },
      { additionalProperties: false },
    ),
    review: Type.Object(
      {
        /** Tell the sender of a rejected message, quoting the reason. */
        notifySender: Type.Boolean(),
        /** hold-all: every message waits for a reviewer; hold-flagged: a trusted pair's unflagged messages go out at once. */
        mode: Type.Union([Type.Literal('hold-all'), Type.Literal('hold-flagged')]),
        /** In hold-flagged mode, this share of unflagged messages is still held, at random, for a look. */
        samplePercent: Type.Integer({ minimum: 0, maximum: 100 }),
        /** The hour (0-23, program time zone) the daily digest of flagged messages goes to the safeguarding contacts; null: no digest. */
        digestHour: Type.Union([Type.Integer({ minimum: 0, maximum: 23 }), Type.Null()]),
        /** The address of the review page as staff reach it, for links in alerts (e.g. https://relay.example.org). */
        publicUrl: Type.Union([Type.String({ pattern: '^https?://' }), Type.Null()]),
      },
      { additionalProperties: false },
    ),
    screening: Type.Object(
      {
        enabled: Type.Boolean(),
        /** ISO 3166 country for phone numbers written without a country code. */
        defaultCountry: Type.String({ pattern: '^[A-Z]{2}$' }),
        /** The program shows first names only: a participant's surname in a message is flagged. */
        flagSurnames: Type.Boolean(),
        /** Replaces the default keyword and grooming-phrase list when set. */
        keywords: Type.Union([
          Type.Array(
            Type.Object(
              {
                term: Type.String({ minLength: 1 }),
                severity: Type.Union([Type.Literal('info'), Type.Literal('review'), Type.Literal('urgent')]),
                wholeWord: Type.Boolean(),
                category: Type.Optional(Type.String()),
              },
              { additionalProperties: false },
            ),
          ),
          Type.Null(),
        ]),
        maxAttachmentBytes: Type.Integer({ minimum: 1 }),
        /** Heap limit of the screening thread in MB (it needs about 15 for itself): a message that needs more fails screening and waits for a person. */
        threadMemoryMb: Type.Integer({ minimum: 32, maximum: 4096 }),
        /** Who receives an alert at once when a message has an urgent flag. */
        safeguardingContacts: Type.Array(Type.String({ pattern: '^[^\\s@]+@[^\\s@]+$' })),
      },
      { additionalProperties: false },
    ),
    senderAuth: Type.Object(
      {
        /** off: nothing is checked; flag: an unverified sender's message is held with a `sender` flag; enforce: it is refused. */
        mode: Type.Union([Type.Literal('off'), Type.Literal('flag'), Type.Literal('enforce')]),
        /** DNS servers (`ip` or `ip:port`, `[ipv6]:port`) for every look-up of SPF, DKIM, DMARC and ARC; empty: the system's resolver. */
        dnsServers: Type.Array(Type.String({ minLength: 1 })),
        /** The longest one DNS look-up may take; past it the look-up counts as a temporary failure. */
        dnsTimeoutMs: Type.Integer({ minimum: 100, maximum: 60_000 }),
      },
      { additionalProperties: false },
    ),
    outbound: Type.Object(
      {
        url: Type.String({ pattern: '^(file:|smtps?://)' }),
        pollMs: Type.Integer({ minimum: 10 }),
        retryBaseMs: Type.Integer({ minimum: 1 }),
        retryMaxMs: Type.Integer({ minimum: 1 }),
        maxAttempts: Type.Integer({ minimum: 1 }),
        leaseMs: Type.Integer({ minimum: 1000 }),
        concurrency: Type.Integer({ minimum: 1, maximum: 64 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;

export const defaults: Config = {
  programName: 'Mentoring Program',
  domain: 'mentors.localhost',
  timeZone: 'UTC',
  requireOnboarding: true,
  program: { checkInDays: 30 },
  reports: { weeklyDay: 'off', weeklyHour: 7, recipients: [] },
  logLevel: 'info',
  adminToken: null,
  db: { path: 'data/relay.db', synchronous: 'FULL' },
  smtp: { host: '127.0.0.1', port: 2525, maxMessageBytes: 25 * 1024 * 1024, maxClients: 200, maxConnectionsPerIp: 50, idleTimeoutMs: 60_000, tlsKey: null, tlsCert: null },
  http: { host: '127.0.0.1', port: 3000, trustProxy: false },
  review: { notifySender: true, mode: 'hold-all', samplePercent: 10, digestHour: 7, publicUrl: null },
  screening: { enabled: true, defaultCountry: 'US', flagSurnames: true, keywords: null, maxAttachmentBytes: 10 * 1024 * 1024, threadMemoryMb: 256, safeguardingContacts: [] },
  senderAuth: { mode: 'flag', dnsServers: [], dnsTimeoutMs: 5000 },
  outbound: {
    url: 'file:data/outbox',
    pollMs: 1000,
    retryBaseMs: 30_000,
    retryMaxMs: 3_600_000,
    maxAttempts: 40,
    leaseMs: 120_000,
    concurrency: 4,
  },
};

/** The contract's environment variables and the setting each one overrides. */
export const envSettings = {
  RELAY_SMTP_HOST: { path: ['smtp', 'host'], kind: 'string' },
  RELAY_SMTP_PORT: { path: ['smtp', 'port'], kind: 'integer' },
  RELAY_HTTP_HOST: { path: ['http', 'host'], kind: 'string' },
  RELAY_HTTP_PORT: { path: ['http', 'port'], kind: 'integer' },
  RELAY_DB: { path: ['db', 'path'], kind: 'string' },
  RELAY_DB_SYNCHRONOUS: { path: ['db', 'synchronous'], kind: 'string' },
  RELAY_DOMAIN: { path: ['domain'], kind: 'string' },
  RELAY_OUTBOUND: { path: ['outbound', 'url'], kind: 'string' },
  RELAY_ADMIN_TOKEN: { path: ['adminToken'], kind: 'string' },
  RELAY_LOG_LEVEL: { path: ['logLevel'], kind: 'string' },
  RELAY_MAX_MESSAGE_BYTES: { path: ['smtp', 'maxMessageBytes'], kind: 'integer' },
  RELAY_SMTP_MAX_CONNECTIONS_PER_IP: { path: ['smtp', 'maxConnectionsPerIp'], kind: 'integer' },
  RELAY_REQUIRE_ONBOARDING: { path: ['requireOnboarding'], kind: 'boolean' },
  RELAY_PROGRAM_NAME: { path: ['programName'], kind: 'string' },
  RELAY_TIME_ZONE: { path: ['timeZone'], kind: 'string' },
  RELAY_NOTIFY_REJECTED: { path: ['review', 'notifySender'], kind: 'boolean' },
  RELAY_TRUST_PROXY: { path: ['http', 'trustProxy'], kind: 'proxies' },
  RELAY_MODERATION_MODE: { path: ['review', 'mode'], kind: 'string' },
  RELAY_PUBLIC_URL: { path: ['review', 'publicUrl'], kind: 'string' },
  RELAY_SAFEGUARDING_CONTACTS: { path: ['screening', 'safeguardingContacts'], kind: 'list' },
  RELAY_DEFAULT_COUNTRY: { path: ['screening', 'defaultCountry'], kind: 'string' },
  RELAY_SENDER_AUTH: { path: ['senderAuth', 'mode'], kind: 'string' },
  RELAY_DNS_SERVERS: { path: ['senderAuth', 'dnsServers'], kind: 'list' },
  RELAY_REPORT_DAY: { path: ['reports', 'weeklyDay'], kind: 'string' },
  RELAY_REPORT_RECIPIENTS: { path: ['reports', 'recipients'], kind: 'list' },
} as const satisfies Record<string, { path: readonly string[]; kind: 'string' | 'integer' | 'boolean' | 'list' | 'proxies' }>;
