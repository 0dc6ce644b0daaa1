import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

export type { Logger };

/**
 * One JSON line per event on stdout (12-factor: the platform collects it). Credentials never reach
 * the log: Authorization/Cookie headers and password fields are redacted wherever they appear.
 */
export function createLogger(config: Pick<Config, 'logLevel' | 'appVersion'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'dhakacart-backend', version: config.appVersion },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        'password',
        '*.password',
        'adminPassword',
        'jwtSecret',
        'databaseUrl',
      ],
      censor: '[redacted]',
    },
  });
}
