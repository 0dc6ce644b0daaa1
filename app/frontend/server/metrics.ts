import type { RequestHandler } from 'express';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The storefront's Prometheus metrics: the same `http_request_duration_seconds` histogram the backend
 * exposes (so one dashboard and one alert set cover both), `dhakacart_ready`, and the default process
 * metrics. Static files are labelled by kind rather than path, so label cardinality stays bounded.
 */
export interface FrontendMetrics {
  registry: Registry;
  /** Times every request; mount before the routes. */
  observe: RequestHandler;
  /** Serves the registry in Prometheus text format. */
  serve: RequestHandler;
}

const FIXED_ROUTES = new Set(['/healthz', '/readyz', '/metrics', '/config.json']);

function routeLabel(path: string, status: number): string {
  if (FIXED_ROUTES.has(path)) return path;
  if (path.startsWith('/api/') || path === '/api') return '/api/*';
  if (status === 404) return 'unmatched';
  return /\.[a-z0-9]+$/i.test(path) ? 'static' : 'page';
}

export function createFrontendMetrics(isReady: () => boolean): FrontendMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Storefront request duration by route kind (page, static, or a fixed path).',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'dhakacart_ready',
    help: '1 when this storefront instance is ready to serve (not draining), else 0.',
    registers: [registry],
    collect() {
      this.set(isReady() ? 1 : 0);
    },
  });
  return {
    registry,
    observe: (req, res, next) => {
      const end = duration.startTimer();
      res.once('finish', () =>
        end({
          method: req.method,
          route: routeLabel(req.path, res.statusCode),
          status_code: String(res.statusCode),
        }),
      );
      next();
    },
    serve: async (_req, res) => {
      res.setHeader('Content-Type', registry.contentType);
      res.setHeader('Cache-Control', 'no-store');
      res.end(await registry.metrics());
    },
  };
}
