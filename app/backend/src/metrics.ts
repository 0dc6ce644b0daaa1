import type pg from 'pg';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Every metric the backend exposes (names fixed in COMMON.md), in a Registry of its own per app, so
 * several apps in one process (tests, the lab) never share or double-register series.
 */
export interface AppMetrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  /** Passed to the orders router as deps.metrics.ordersCreated. */
  ordersCreated: Counter<'outcome'>;
}

export interface MetricsSources {
  version: string;
  pool: () => pg.Pool | undefined;
  /** Evaluated on every scrape: 1 when /readyz would answer 200. */
  isReady: () => Promise<boolean>;
}

export function createMetrics(sources: MetricsSources): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by Express route pattern ("unmatched" when no route matched).',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  const ordersCreated = new Counter({
    name: 'dhakacart_orders_total',
    help: 'POST /api/orders outcomes: created, replayed, insufficient_stock, rejected, error.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });

  new Gauge({
    name: 'dhakacart_db_pool_connections',
    help: 'PostgreSQL pool connections: total open, idle, and requests waiting for one.',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const pool = sources.pool();
      this.set({ state: 'total' }, pool?.totalCount ?? 0);
      this.set({ state: 'idle' }, pool?.idleCount ?? 0);
      this.set({ state: 'waiting' }, pool?.waitingCount ?? 0);
    },
  });

  new Gauge({
    name: 'dhakacart_ready',
    help: '1 when this instance is ready to serve (database reachable, migrated, not draining), else 0.',
    registers: [registry],
    async collect() {
      this.set((await sources.isReady()) ? 1 : 0);
    },
  });

  const buildInfo = new Gauge({
    name: 'dhakacart_build_info',
    help: 'Always 1; the version label says which build is running.',
    labelNames: ['version'] as const,
    registers: [registry],
  });
  buildInfo.set({ version: sources.version }, 1);

  // Pre-create the outcome series so dashboards and rate() see 0 rather than "no data".
  for (const outcome of ['created', 'replayed', 'insufficient_stock', 'rejected', 'error']) {
    ordersCreated.inc({ outcome }, 0);
  }

  return { registry, httpDuration, ordersCreated };
}
