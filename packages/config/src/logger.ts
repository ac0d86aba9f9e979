import { pino, type Logger } from 'pino';
import { CALLER_NUMBER_PATHS, censorCallerNumbers } from './redact.js';

export type { Logger };

/**
 * One logger for every service: JSON lines on stdout, a `service` field, child loggers per call;
 * caller numbers masked in every line (see redact.ts).
 */
export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  const options = {
    name: service,
    level,
    base: { service, pid: process.pid },
    redact: { paths: [...CALLER_NUMBER_PATHS], censor: censorCallerNumbers },
  };
  return destination ? pino(options, destination) : pino(options);
}
