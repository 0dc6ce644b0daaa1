import express from 'express';
import type { AppDeps } from './app-deps.js';
import { createAuthRouter } from './auth/auth-router.js';
import { createCartRouter } from './cart/cart-router.js';
import { createCatalogRouter } from './catalog/catalog-router.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import { createHealthRouter } from './http/health-routes.js';
import { jsonBody } from './http/json-body.js';
import { createRateLimiters } from './http/rate-limits.js';
import { Readiness } from './http/readiness.js';
import { requestLogging } from './http/request-logging.js';
import { requestMetrics } from './http/request-metrics.js';
import { corsPolicy, securityHeaders } from './http/security.js';
import { createTestRoutes } from './http/test-routes.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics, type AppMetrics } from './metrics.js';
import { createOrdersRouter } from './orders/orders-router.js';

export interface AppOptions {
  /** Default: a new logger at config.logLevel. */
  logger?: Logger;
  /** Shared with server.ts, which flips draining/migrated; default: always migrated, never draining. */
  readiness?: Readiness;
}

function isAppMetrics(m: AppDeps['metrics']): m is AppMetrics {
  return 'registry' in m && 'httpDuration' in m;
}

/**
 * The whole HTTP surface. Order matters: request id and logging first (every response carries
 * X-Request-Id), then metrics and security headers, then probes (never rate limited), CORS, the global
 * limiter, JSON parsing, the routers, and finally JSON 404 and the error handler.
 */
export function createApp(deps: AppDeps, options: AppOptions = {}): express.Express {
  const { config, db } = deps;
  const logger = options.logger ?? createLogger(config);
  const readiness = options.readiness ?? new Readiness(db, config.readyDbTimeoutMs);
  let metrics: AppMetrics;
  if (isAppMetrics(deps.metrics)) metrics = deps.metrics;
  else {
    metrics = createMetrics({
      version: config.appVersion,
      pool: () => db.pool,
      isReady: async () => (await readiness.check()).ready,
    });
    // deps were built without createMetrics: expose the orders counter the routers will use.
    metrics.registry.removeSingleMetric('dhakacart_orders_total');
    metrics.registry.registerMetric(deps.metrics.ordersCreated);
  }
  const limiters = createRateLimiters(config, db, logger);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);

  app.use(requestLogging(logger));
  app.use((_req, res, next) => {
    res.setHeader('X-App-Version', config.appVersion);
    next();
  });
  app.use(requestMetrics(metrics.httpDuration));
  app.use(securityHeaders());
  app.use(createHealthRouter({ version: config.appVersion, readiness, registry: metrics.registry }));
  app.use(corsPolicy(config.corsOrigins));
  app.use(limiters.global);
  app.use(jsonBody(config.bodyLimit));

  app.use('/api/auth', createAuthRouter(deps, limiters.login));
  app.use('/api', createCatalogRouter(deps));
  app.use('/api/cart', createCartRouter(deps));
  app.use('/api/orders', createOrdersRouter(deps));
  if (config.testRoutes) app.use(createTestRoutes());

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
