import type { Server } from 'node:http';
import type { Logger } from './logger.js';
import type { Readiness } from './http/readiness.js';

export interface ShutdownOptions {
  server: Server;
  readiness: Readiness;
  logger: Logger;
  /** How long /readyz answers 503 before the listener closes (load balancers stop sending first). */
  delayMs: number;
  /** Forced exit(1) after this long in total if requests or the pool do not finish. */
  graceMs: number;
  /** Releases everything else (pool, background loops); runs after the last request finished. */
  cleanup: () => Promise<void>;
  exit?: (code: number) => void;
}

/**
 * SIGTERM/SIGINT: readiness 503 at once, wait `delayMs`, stop accepting, let in-flight requests
 * finish while idle keep-alive sockets are closed, then clean up and exit 0. A second signal does not
 * restart the sequence.
 */
export function installGracefulShutdown(opts: ShutdownOptions): (signal: string) => Promise<void> {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let shuttingDown: Promise<void> | undefined;

  const shutdown = (signal: string) =>
    (shuttingDown ??= (async () => {
      opts.readiness.draining = true;
      opts.logger.info({ signal, delayMs: opts.delayMs, graceMs: opts.graceMs }, 'shutting down: draining');
      const forced = setTimeout(() => {
        opts.logger.error({ graceMs: opts.graceMs }, 'shutdown grace period over; forcing exit');
        exit(1);
      }, opts.graceMs);
      forced.unref();

      await new Promise((r) => setTimeout(r, opts.delayMs));
      const closed = new Promise<void>((resolve) => opts.server.close(() => resolve()));
      // server.close() drops sockets idle right now; keep dropping ones that go idle after their
      // in-flight response, or a client's keep-alive connection would hold the process open.
      const sweeper = setInterval(() => opts.server.closeIdleConnections(), 100);
      opts.server.closeIdleConnections();
      await closed;
      clearInterval(sweeper);
      await opts.cleanup();
      clearTimeout(forced);
      opts.logger.info('shutdown complete');
      exit(0);
    })());

  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown(signal));
  return shutdown;
}
