import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** k8s/monitoring, the directory these tests check. */
export const monitoringDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const repoRoot = join(monitoringDir, '..', '..');

export interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
export interface RuleGroup {
  name: string;
  interval?: string;
  rules: Rule[];
}
interface PrometheusRule {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: { groups: RuleGroup[] };
}

export const readText = (relative: string): string => readFileSync(join(monitoringDir, relative), 'utf8');

/** The PrometheusRule manifest; throws naming the file when it is not one. */
export function loadPrometheusRule(): PrometheusRule {
  const doc = parse(readText('prometheus-rules.yaml')) as PrometheusRule;
  if (doc?.kind !== 'PrometheusRule' || !Array.isArray(doc.spec?.groups)) {
    throw new Error('k8s/monitoring/prometheus-rules.yaml must be one PrometheusRule with spec.groups');
  }
  return doc;
}

export const allRules = (groups: RuleGroup[]): Rule[] => groups.flatMap((g) => g.rules);

export interface DashboardTarget {
  refId: string;
  expr?: string;
  datasource?: { type?: string; uid?: string };
}
export interface DashboardPanel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: DashboardTarget[];
  panels?: DashboardPanel[];
}
export interface Dashboard {
  uid: string;
  title: string;
  panels: DashboardPanel[];
  templating: { list: { name: string; type: string; query?: string }[] };
}

export const dashboardPath = 'grafana/dhakacart.json';

/** Every panel, including those nested in collapsed rows; rows themselves are layout, not panels. */
export function dataPanels(dashboard: Dashboard): DashboardPanel[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== 'row');
}
