import { pino } from 'pino';
import { ConfigError, loadFrontendConfig, type FrontendConfig } from './config.js';
import { createFrontendServer } from './frontend-server.js';

/**
 * Process entry of the storefront server: validate env, listen, and shut down the way Kubernetes
 * expects on SIGTERM: readiness turns 503 at once, the listener stays open for SHUTDOWN_DELAY_MS so
 * endpoints can drop this pod, in-flight requests finish, exit 0; anything still running after
 * SHUTDOWN_GRACE_MS is cut off with exit 1.
 */
const bootLogger = pino({ level: 'info' });

let config: FrontendConfig;
try {
  config = loadFrontendConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    bootLogger.fatal({ problems: err.problems }, err.message);
    process.exit(1);
  }
  throw err;
}

const logger = pino({ level: config.logLevel });
const frontend = createFrontendServer(config, { logger });

try {
  const { url } = await frontend.listen();
  logger.info({ url, apiBaseUrl: config.apiBaseUrl }, `storefront listening on ${url}`);
} catch (err) {
  logger.fatal({ err }, `could not listen on ${config.host}:${config.port}`);
  process.exit(1);
}

let shuttingDown = false;
async function shutDown(signal: NodeJS.Signals): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  logger.info({ signal, delayMs: config.shutdownDelayMs, graceMs: config.shutdownGraceMs }, 'draining');
  frontend.startDraining();
  const forced = setTimeout(() => {
    logger.error({ graceMs: config.shutdownGraceMs }, 'in-flight requests did not finish in time; exiting');
    process.exit(1);
  }, config.shutdownDelayMs + config.shutdownGraceMs);
  forced.unref();
  await new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs));
  try {
    await frontend.close();
    logger.info('stopped');
    process.exit(0);
  } catch (err) {
    logger.error({ err }, 'close failed');
    process.exit(1);
  }
}

process.on('SIGTERM', (signal) => void shutDown(signal));
process.on('SIGINT', (signal) => void shutDown(signal));
