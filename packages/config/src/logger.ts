import { pino, type Logger } from 'pino';

export type { Logger };

/** One logger for every service: JSON lines on stdout, a `service` field, child loggers per call. */
export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name: service, level, base: { service, pid: process.pid } });
}
