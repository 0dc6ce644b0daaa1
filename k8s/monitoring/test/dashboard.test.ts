import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { knownSourcesText, unknownMetrics } from './support/known-metrics.js';
import {
  allRules,
  dashboardPath,
  dataPanels,
  loadPrometheusRule,
  readText,
  type Dashboard,
} from './support/monitoring-files.js';
import { describeRun, promtool, runPromtool } from './support/promtool.js';
import { metricNames, withGrafanaIntervals } from './support/promql.js';

const dashboard = JSON.parse(readText(dashboardPath)) as Dashboard;
const panels = dataPanels(dashboard);
const queries = panels.flatMap((panel) =>
  (panel.targets ?? []).map((target) => ({ panel, target, expr: target.expr ?? '' })),
);
const recorded = new Set(
  allRules(loadPrometheusRule().spec.groups).flatMap((r) => (r.record ? [r.record] : [])),
);

describe(`Grafana dashboard k8s/monitoring/${dashboardPath}`, () => {
  it('lets the viewer pick the Prometheus data source', () => {
    const variable = dashboard.templating.list.find((v) => v.name === 'datasource');
    expect(variable).toMatchObject({ type: 'datasource', query: 'prometheus' });
    expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
  });

  it('gives every panel the Prometheus data source and at least one query', () => {
    const problems = panels.flatMap((p) => {
      const found: string[] = [];
      if (p.datasource?.uid !== '${datasource}' || p.datasource.type !== 'prometheus') {
        found.push(`panel ${p.id} "${p.title}": datasource must be {type: prometheus, uid: \${datasource}}`);
      }
      if (!p.targets?.length) found.push(`panel ${p.id} "${p.title}": no targets`);
      for (const t of p.targets ?? []) {
        if (!t.expr?.trim()) found.push(`panel ${p.id} "${p.title}" target ${t.refId}: empty expr`);
        if (t.datasource?.uid !== '${datasource}') {
          found.push(`panel ${p.id} "${p.title}" target ${t.refId}: datasource must be \${datasource}`);
        }
      }
      return found;
    });
    expect(problems).toEqual([]);
  });

  it('covers traffic, errors, SLO budget, latency, pods, database and orders', () => {
    const used = new Set(queries.flatMap((q) => metricNames(q.expr)));
    for (const metric of [
      'http_request_duration_seconds_count',
      'http_request_duration_seconds_bucket',
      'kube_deployment_status_replicas_available',
      'kube_pod_container_status_restarts_total',
      'container_cpu_usage_seconds_total',
      'container_memory_working_set_bytes',
      'dhakacart_db_pool_connections',
      'pg_up',
      'pg_replication_lag_seconds',
      'pg_postmaster_start_time_seconds',
      'dhakacart_orders_total',
    ]) {
      expect(used, `no panel reads ${metric}`).toContain(metric);
    }
    const quantiles = queries.flatMap((q) =>
      [...q.expr.matchAll(/histogram_quantile\(([\d.]+)/g)].map((m) => m[1]),
    );
    expect(quantiles).toEqual(expect.arrayContaining(['0.5', '0.95', '0.99']));
  });

  it('reads only metrics the backend or a known exporter exposes', () => {
    const unknown = queries.flatMap(({ panel, target, expr }) =>
      unknownMetrics(metricNames(expr), recorded).map(
        (m) => `panel ${panel.id} "${panel.title}" ${target.refId}: ${m}`,
      ),
    );
    expect(unknown, `unknown metric names; known: ${knownSourcesText()}`).toEqual([]);
  });
});

describe.skipIf(!!promtool.skipReason)('promtool on the dashboard queries', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dhakacart-dashboard-promql-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('parses every query as PromQL (each checked as a recording rule)', () => {
    // promtool has no "check this expression" command; a recording rule per query gets the same parser.
    const rules = queries.map(({ panel, target, expr }) => ({
      record: `dashboard:panel_${panel.id}:${target.refId}`,
      expr: withGrafanaIntervals(expr),
    }));
    writeFileSync(join(dir, 'dashboard-queries.yaml'), stringify({ groups: [{ name: 'dashboard', rules }] }));

    const run = runPromtool(['check', 'rules', 'dashboard-queries.yaml'], dir);
    expect(run.status, describeRun(run)).toBe(0);
    expect(run.output).toContain(`SUCCESS: ${rules.length} rules found`);
  });
});
