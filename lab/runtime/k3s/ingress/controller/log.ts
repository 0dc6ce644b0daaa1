import { pino, type Logger } from 'pino';

export type { Logger };

/** One JSON line per event on stdout, in the backend's format (app/backend/src/logger.ts). */
export function createControllerLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'ingress-controller' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}

const nginxLevels: Record<string, 'debug' | 'info' | 'warn' | 'error' | 'fatal'> = {
  debug: 'debug',
  info: 'info',
  notice: 'info',
  warn: 'warn',
  error: 'error',
  crit: 'error',
  alert: 'fatal',
  emerg: 'fatal',
};

/**
 * nginx's output as JSON lines: access log lines are JSON already (log_format escape=json in
 * nginx-conf.ts) and pass through; error log lines (`2026/12/04 19:57:01 [notice] 7#7: message`) are
 * wrapped, keeping nginx's level.
 */
export function forwardNginxOutput(log: Logger): (stream: 'stdout' | 'stderr', line: string) => void {
  return (stream, line) => {
    if (stream === 'stdout' && line.startsWith('{')) {
      process.stdout.write(`${line}\n`);
      return;
    }
    const match = /^\S+ \S+ \[(\w+)\] (?:\d+#\d+: )?(?:\*\d+ )?(.*)$/.exec(line);
    const level = (match && nginxLevels[match[1]!]) ?? 'info';
    log[level]({ source: 'nginx' }, match?.[2] ?? line);
  };
}
