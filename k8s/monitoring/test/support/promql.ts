import { parser } from '@prometheus-io/lezer-promql';

/**
 * Metric names an expression selects, read from the PromQL syntax tree of Prometheus's own lezer
 * grammar (the parser behind the Prometheus UI): every VectorSelector's Identifier. Label names in
 * `by (...)`, function names and strings are other node types, so they are never mistaken for metrics.
 */
export function metricNames(expr: string): string[] {
  const names = new Set<string>();
  parser.parse(expr).iterate({
    enter(node) {
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') {
        names.add(expr.slice(node.from, node.to));
      }
    },
  });
  return [...names];
}

/**
 * Grafana's built-in interval variables, replaced by typical values so that a panel's query is plain
 * PromQL that promtool can check. A dashboard using any other `$variable` fails that check.
 */
const GRAFANA_INTERVALS: Record<string, string> = {
  $__rate_interval: '5m',
  $__interval: '1m',
  $__range: '1h',
};

export function withGrafanaIntervals(expr: string): string {
  return expr.replace(/\$__\w+/g, (variable) => GRAFANA_INTERVALS[variable] ?? variable);
}
