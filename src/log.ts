import pino, { type Logger } from 'pino';

/** JSON lines on stdout; the level comes from RELAY_LOG_LEVEL. Participants' addresses are logged only where staff need them. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'mentor-relay' } });
}
