import type { Logger } from 'pino';
import type { SMTPServer } from 'smtp-server';
import { TokenService } from './auth/token.service.js';
import type { Config } from './config/schema.js';
import { systemClock, type Clock } from './db/clock.js';
import { openDatabase, type DbHandle } from './db/connection.js';
import { migrateToLatest } from './db/migrator.js';
import { buildHttp } from './http/server.js';
import type { Services } from './http/plugins/app/services.js';
import { IngestService } from './messages/ingest.service.js';
import { MessageService } from './messages/message.service.js';
import { createSenderAuthenticator } from './messages/sender-auth.js';
import { createTransport, type Transport } from './outbound/transport.js';
import { OutboundWorker } from './outbound/worker.js';
import { ProgramService } from './program/program.service.js';
import { ImportService } from './program/import.service.js';
import { ResponsibilityService } from './program/responsibility.service.js';
import { OnboardingService } from './program/onboarding.service.js';
import { GuardianService } from './program/guardian.service.js';
import { CommunicationService } from './program/communication.service.js';
import { ReviewService } from './review/review.service.js';
import { DigestScheduler } from './moderation/digest.js';
import { WeeklyReportMailer } from './stats/weekly-mail.js';
import { BackgroundCheckExpiry } from './program/background-check-expiry.js';
import { ModerationWorker } from './moderation/moderation.worker.js';
import { TemplateService } from './review/template.service.js';
import { StaffService } from './staff/staff.service.js';
import { closeSmtp, createSmtpServer, listenSmtp } from './smtp/server.js';

/** How long a stopping relay waits for open HTTP connections before it drops them. */
const CLOSE_GRACE_MS = 2000;

export interface Relay {
  config: Config;
  services: Services;
  worker: OutboundWorker;
  screening: ModerationWorker | null;
  digest: DigestScheduler;
  weeklyReport: WeeklyReportMailer;
  /** Pauses the pairs of mentors whose background check expired: at start-up, then every minute. */
  expiry: BackgroundCheckExpiry;
  smtpPort: number;
  httpPort: number;
  stop(): Promise<void>;
}

/** Opens the database (and migrates it) and builds the services every adapter shares. */
export async function openServices(config: Config, onApproved: () => void = () => {}, clock: Clock = systemClock): Promise<{ handle: DbHandle; services: Services }> {
  const handle = openDatabase(config.db.path, { synchronous: config.db.synchronous });
  try {
    await migrateToLatest(handle.db);
  } catch (err) {
    await handle.close();
    throw err;
  }
  const db = handle.db;
  const services: Services = {
    config,
    db,
    clock,
    program: new ProgramService(db, clock, config.domain, { requireOnboarding: config.requireOnboarding }),
    imports: new ImportService(db, clock, config.domain, { requireOnboarding: config.requireOnboarding }),
    messages: new MessageService(db, config.domain),
    review: new ReviewService(db, clock, { ...config.review, screeningEnabled: config.screening.enabled }, onApproved),
    tokens: new TokenService(db, clock, config.adminToken),
    staff: new StaffService(db, clock, config.domain),
    templates: new TemplateService(db, clock),
    // onApproved kicks the outbound worker: a sent sheet goes out at once, as an approved message does.
    responsibilities: new ResponsibilityService(db, clock, onApproved),
    onboarding: new OnboardingService(db, clock),
    guardians: new GuardianService(db, clock, { domain: config.domain, defaultCountry: config.screening.defaultCountry }),
    communications: new CommunicationService(db, clock, { checkInDays: config.program.checkInDays }),
  };
  return { handle, services };
}

/** The composition root: database, services, outbound worker, SMTP and HTTP servers. `clock` is the system's but in tests. */
export async function startRelay(config: Config, log: Logger, clock: Clock = systemClock): Promise<Relay> {
  let worker: OutboundWorker | null = null;
  let screening: ModerationWorker | null = null;
  let digest: DigestScheduler | null = null;
  let weeklyReport: WeeklyReportMailer | null = null;
  let expiry: BackgroundCheckExpiry | null = null;
  const { handle, services } = await openServices(config, () => worker?.kick(), clock);
  const db = handle.db;
  let transport: Transport | null = null;
  let smtp: SMTPServer | null = null;
  let http: Awaited<ReturnType<typeof buildHttp>> | null = null;

  const stop = async () => {
    if (smtp) await closeSmtp(smtp);
    if (http) {
      // Requests in flight get a moment to finish; a connection still open then (a browser's idle
      // or speculative socket, a stuck client) is dropped rather than holding the shutdown for a minute.
      const server = http.server;
      const drop = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      await http.close();
      clearTimeout(drop);
    }
    digest?.stop();
    weeklyReport?.stop();
    expiry?.stop();
    if (screening) await screening.stop();
    if (worker) await worker.stop();
    transport?.close();
    await handle.close();
  };

  if (config.adminToken && config.adminToken.length < 16) {
    log.warn('RELAY_ADMIN_TOKEN is shorter than 16 characters: anyone who can reach the API could guess it');
  }
  try {
    transport = createTransport(config.outbound.url, { concurrency: config.outbound.concurrency });
    const w = new OutboundWorker(db, clock, transport, { domain: config.domain, programName: config.programName, publicUrl: config.review.publicUrl, timeZone: config.timeZone, checkInDays: config.program.checkInDays, ...config.outbound }, log.child({ component: 'outbound' }));
    worker = w;
    w.start();
    if (config.screening.enabled) {
      screening = new ModerationWorker(
        db,
        clock,
        services.review,
        { dbPath: config.db.path, domain: config.domain, pollMs: config.outbound.pollMs, ...config.review, safeguardingContacts: config.screening.safeguardingContacts, screening: config.screening },
        log.child({ component: 'screening' }),
        () => w.kick(),
      );
      screening.start();
    }
    // Before the SMTP server listens: a pair whose mentor's check expired while the relay was down accepts nothing.
    expiry = new BackgroundCheckExpiry(db, clock, config.domain, log.child({ component: 'expiry' }), () => w.kick());
    await expiry.start();
    digest = new DigestScheduler(db, clock, { hour: config.review.digestHour, timeZone: config.timeZone, contacts: config.screening.safeguardingContacts }, log.child({ component: 'digest' }), () => w.kick());
    digest.start();
    weeklyReport = new WeeklyReportMailer(
      db,
      clock,
      { day: config.reports.weeklyDay, hour: config.reports.weeklyHour, timeZone: config.timeZone, recipients: config.reports.recipients },
      log.child({ component: 'weekly-report' }),
      () => w.kick(),
    );
    weeklyReport.start();

    smtp = createSmtpServer(config.smtp, new IngestService(db, clock, config.domain, () => screening?.kick(), createSenderAuthenticator(config.senderAuth, config.domain)), log.child({ component: 'smtp' }));
    const smtpPort = await listenSmtp(smtp, config.smtp.host, config.smtp.port);

    http = await buildHttp(services, log);
    await http.listen({ host: config.http.host, port: config.http.port });
    const address = http.server.address();
    const httpPort = typeof address === 'object' && address ? address.port : config.http.port;

    log.info({ smtp: `${config.smtp.host}:${smtpPort}`, http: `${config.http.host}:${httpPort}`, outbound: transport.description, domain: config.domain, senderAuth: config.senderAuth.mode }, 'relay started');
    return { config, services, worker: w, screening, digest, weeklyReport, expiry, smtpPort, httpPort, stop };
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}
