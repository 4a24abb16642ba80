import { startRelay } from './app.js';
import { ConfigError, loadConfig } from './config/load.js';
import { isEntry } from './entry.js';
import { createLogger } from './log.js';

/** Runs the relay until SIGINT or SIGTERM, then closes everything in order. */
export async function serve(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`mentor-relay: configuration error: ${err.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  let relay;
  try {
    relay = await startRelay(config, log);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    console.error(`mentor-relay: cannot start: ${e.code === 'EADDRINUSE' ? `address in use (${e.message.replace(/^listen EADDRINUSE: address already in use /, '')})` : e.message}`);
    process.exit(1);
  }
  console.error(
    `mentor-relay: SMTP on ${config.smtp.host}:${relay.smtpPort}, HTTP on http://${config.http.host}:${relay.httpPort}, ` +
      `aliases @${config.domain}, outbound ${config.outbound.url.replace(/\/\/[^@/]*@/, '//***@')}`,
  );
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    relay.stop().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

if (isEntry(import.meta.url)) {
  await serve();
}
