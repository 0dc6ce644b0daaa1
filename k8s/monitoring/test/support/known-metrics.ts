/**
 * Where every metric our rules and dashboard read comes from. A name outside these lists is a typo or
 * a metric nobody exposes: the alert would never fire, the panel would stay empty.
 */

/** The backend's own metrics (COMMON.md, "Metric names"), exact names including histogram series. */
export const BACKEND_METRICS: ReadonlySet<string> = new Set([
  'http_request_duration_seconds_bucket',
  'http_request_duration_seconds_count',
  'http_request_duration_seconds_sum',
  'dhakacart_orders_total',
  'dhakacart_db_pool_connections',
  'dhakacart_ready',
  'dhakacart_build_info',
]);

/** Metrics Prometheus itself writes for every target. */
export const PROMETHEUS_METRICS: ReadonlySet<string> = new Set(['up']);

/** Exporters whose metric families we accept by prefix. */
export const EXPORTER_PREFIXES: readonly { prefix: string; source: string }[] = [
  { prefix: 'kube_', source: 'kube-state-metrics' },
  { prefix: 'container_', source: 'cAdvisor (kubelet)' },
  { prefix: 'pg_', source: 'postgres_exporter' },
  { prefix: 'process_', source: 'prom-client default metrics' },
  { prefix: 'nodejs_', source: 'prom-client default metrics' },
];

/** Names in `names` that are neither known above nor recorded by one of our recording rules. */
export function unknownMetrics(names: Iterable<string>, recorded: ReadonlySet<string>): string[] {
  return [...names].filter(
    (name) =>
      !BACKEND_METRICS.has(name) &&
      !PROMETHEUS_METRICS.has(name) &&
      !recorded.has(name) &&
      !EXPORTER_PREFIXES.some(({ prefix }) => name.startsWith(prefix)),
  );
}

export const knownSourcesText = (): string =>
  `backend: ${[...BACKEND_METRICS].join(', ')}; prometheus: up; ` +
  EXPORTER_PREFIXES.map(({ prefix, source }) => `${prefix}* (${source})`).join(', ');
