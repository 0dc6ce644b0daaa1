import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { findTool } from '../../../lab/testing/tool.js';
import { dashboardPath, loadPrometheusRule, monitoringDir, readText } from './support/monitoring-files.js';

const kustomize = findTool('kustomize', 'go install sigs.k8s.io/kustomize/kustomize/v5@v5.8.2');
if (kustomize.skipReason) console.warn(kustomize.skipReason);

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

/** What `kustomize build <dir>` renders: the objects a `kubectl apply -k` would create. */
function build(dir: string): K8sObject[] {
  const out = execFileSync(kustomize.path!, ['build', join(monitoringDir, dir)], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return parseAllDocuments(out).map((d) => d.toJS() as K8sObject);
}
const find = (objects: K8sObject[], kind: string, name: string): K8sObject => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found)
    throw new Error(
      `no ${kind} ${name}; built: ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`,
    );
  return found;
};

describe.skipIf(!!kustomize.skipReason)('kustomize build k8s/monitoring', () => {
  const objects = kustomize.path ? build('.') : [];

  it('renders only namespaced monitoring objects, all in dhakacart', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/grafana-dashboard-dhakacart',
      'PrometheusRule/dhakacart',
      'ServiceMonitor/backend',
      'ServiceMonitor/frontend',
      'ServiceMonitor/postgres-exporter',
    ]);
    expect(objects.filter((o) => o.metadata.namespace !== 'dhakacart')).toEqual([]);
  });

  it.each(['backend', 'frontend', 'postgres-exporter'])(
    'scrapes %s on its port named http at /metrics, with job named after app.kubernetes.io/name',
    (name) => {
      const monitor = find(objects, 'ServiceMonitor', name);
      expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
      expect(monitor.spec).toMatchObject({
        jobLabel: 'app.kubernetes.io/name',
        namespaceSelector: { matchNames: ['dhakacart'] },
        selector: { matchLabels: { 'app.kubernetes.io/name': name } },
        endpoints: [{ port: 'http', path: '/metrics' }],
      });
    },
  );

  it('ships the rule groups of prometheus-rules.yaml unchanged', () => {
    const rule = find(objects, 'PrometheusRule', 'dhakacart');
    expect(rule.spec?.groups).toEqual(loadPrometheusRule().spec.groups);
  });

  it('ships the dashboard in a ConfigMap the Grafana sidecar imports (label grafana_dashboard)', () => {
    const configMap = find(objects, 'ConfigMap', 'grafana-dashboard-dhakacart');
    expect(configMap.metadata.labels?.grafana_dashboard).toBe('1');
    expect(JSON.parse(configMap.data?.['dhakacart.json'] ?? 'null')).toEqual(
      JSON.parse(readText(dashboardPath)),
    );
  });
});

describe.skipIf(!!kustomize.skipReason)('kustomize build k8s/monitoring/logging', () => {
  const objects = kustomize.path ? build('logging') : [];

  it.each([
    ['loki-config', 'loki.yaml'],
    ['promtail-config', 'promtail.yaml'],
  ])('renders ConfigMap %s in the monitoring namespace with %s verbatim', (name, file) => {
    const configMap = find(objects, 'ConfigMap', name);
    expect(configMap.metadata.namespace).toBe('monitoring');
    expect(configMap.data?.[file]).toBe(readText(join('logging', file)));
  });
});
