import type { Report, ScenarioReport } from '../report-model.js';
import { describeRow, differenceText } from './fidelity-format.js';
import { faultMetrics, scenarioMetrics, type FigureMetric } from './fidelity-metrics.js';
import {
  defaultFidelityThreshold,
  fidelitySchemaVersion,
  type FidelityComparison,
  type FidelityDifference,
  type FidelityRun,
  type FigureRow,
  type ScenarioComparison,
  type ScenarioPresence,
} from './fidelity-model.js';

export interface CompareOptions {
  /** Relative difference above which figures differ (0..1); default 0.2. */
  threshold?: number;
  /** Where each report was read from (same order as the reports), recorded in the comparison. */
  sources?: readonly (string | undefined)[];
}

/**
 * Puts the figures of two or more runs side by side, scenario by scenario (matched by name) and fault
 * by fault (matched by kind, in the order injected), and says where they part (fidelity-metrics.ts
 * says when two figures "differ"). Pure: the same reports always give the same comparison.
 */
export function compareReports(reports: readonly Report[], options: CompareOptions = {}): FidelityComparison {
  const threshold = options.threshold ?? defaultFidelityThreshold;
  if (reports.length < 2)
    throw new Error(`a fidelity comparison needs two reports or more, got ${reports.length}`);
  if (!(threshold > 0 && threshold < 1))
    throw new Error(`the threshold is a fraction between 0 and 1 (0.2 = 20 %), got ${threshold}`);
  const labels = runLabels(reports);
  const runs: FidelityRun[] = reports.map((report, i) => ({
    label: labels[i]!,
    profile: report.profile,
    runId: report.runId,
    seed: report.seed,
    verdict: report.verdict,
    startedAt: report.startedAt,
    implementations: report.implementations,
    ...(options.sources?.[i] !== undefined && { source: options.sources[i] }),
  }));

  const byRun = reports.map((report) => keyed(report.scenarios, (s) => s.name));
  const names = unique(byRun.flatMap((scenarios) => [...scenarios.keys()]));
  const scenarios = names.map((name) =>
    compareScenario(
      name,
      labels,
      byRun.map((scenarios) => scenarios.get(name)),
      threshold,
    ),
  );

  const differences: FidelityDifference[] = [];
  let compared = 0;
  let differing = 0;
  for (const scenario of scenarios)
    for (const row of scenario.rows) {
      if (row.status === 'differs' || row.status === 'close') compared++;
      if (row.status === 'differs') differing++;
      if (row.status === 'differs' || row.status === 'one-sided')
        differences.push({
          scenario: scenario.name,
          subject: row.subject,
          metric: row.metric,
          title: row.title,
          status: row.status,
          ...(row.relativeDifference !== undefined && { relativeDifference: row.relativeDifference }),
          ...(row.higher !== undefined && { higher: row.higher }),
          text: differenceText(scenario.name, row),
        });
    }
  const notCompared = scenarios.flatMap((s) => (s.note ? [{ scenario: s.name, note: s.note }] : []));
  return {
    kind: 'dhakacart-lab-fidelity',
    schemaVersion: fidelitySchemaVersion,
    threshold,
    runs,
    scenarios,
    summary: { differences, compared, differing, notCompared },
  };
}

/** Columns are named by profile; when two runs share a profile, by profile and run id. */
function runLabels(reports: readonly Report[]): string[] {
  const profiles = reports.map((r) => r.profile);
  const labels = reports.map((r) =>
    profiles.filter((p) => p === r.profile).length > 1 ? `${r.profile} ${r.runId}` : r.profile,
  );
  // The same run given twice: number the copies, so every column keeps a name of its own.
  return labels.map((label, i) =>
    labels.indexOf(label) === i
      ? label
      : `${label} (${labels.slice(0, i).filter((l) => l === label).length + 1})`,
  );
}

function compareScenario(
  name: string,
  labels: readonly string[],
  scenarios: readonly (ScenarioReport | undefined)[],
  threshold: number,
): ScenarioComparison {
  const runs: Record<string, ScenarioPresence | null> = {};
  scenarios.forEach((s, i) => {
    runs[labels[i]!] = s ? { verdict: s.verdict, reason: s.reason, measured: isMeasured(s) } : null;
  });
  // Only runs with figures for the scenario get a column in its rows (with three runs, one may lack them).
  const included = scenarios.map((s) => s !== undefined && isMeasured(s));
  if (included.filter(Boolean).length < 2) return { name, runs, rows: [], note: whyNotCompared(runs) };

  const rows = scenarioMetrics.map((metric) =>
    figureRow('results', metric, labels, scenarios, threshold, included),
  );
  // Faults are matched by kind and by order among faults of that kind: pod names differ per profile.
  const faultsByRun = scenarios.map((s) => keyed(s?.faults ?? [], (f) => f.kind));
  const faultKeys = unique(faultsByRun.flatMap((faults, i) => (included[i] ? [...faults.keys()] : [])));
  for (const key of faultKeys)
    for (const metric of faultMetrics)
      rows.push(
        figureRow(
          key,
          metric,
          labels,
          faultsByRun.map((faults) => faults.get(key)),
          threshold,
          included,
        ),
      );
  return { name, runs, rows };
}

/** A scenario that never put load on the shop (errored at bring-up, not run) has no figures to compare. */
const isMeasured = (s: ScenarioReport): boolean => s.results.requests > 0;

function whyNotCompared(runs: Record<string, ScenarioPresence | null>): string {
  const entries = Object.entries(runs);
  const absent = entries.filter(([, p]) => p === null).map(([label]) => label);
  const unmeasured = entries.filter(([, p]) => p !== null && !p.measured);
  const present = entries.filter(([, p]) => p !== null).map(([label]) => label);
  const parts: string[] = [];
  if (absent.length > 0) parts.push(`only in ${present.join(', ')} (not run on ${absent.join(', ')})`);
  for (const [label, p] of unmeasured) parts.push(`no figures on ${label} (${p!.verdict}: ${p!.reason})`);
  return parts.join('; ');
}

function figureRow<Source>(
  subject: string,
  metric: FigureMetric<Source>,
  labels: readonly string[],
  sources: readonly (Source | undefined)[],
  threshold: number,
  included: readonly boolean[],
): FigureRow {
  const values: Record<string, number | null> = {};
  const present: { label: string; value: number }[] = [];
  sources.forEach((source, i) => {
    if (!included[i]) return;
    const value = source === undefined ? undefined : metric.read(source);
    values[labels[i]!] = value ?? null;
    if (value !== undefined) present.push({ label: labels[i]!, value });
  });
  const base = {
    subject,
    metric: metric.metric,
    title: metric.title,
    unit: metric.unit,
    values,
    // A fault one run injected and another did not: that run has no such fault, not a missing figure.
    absentAs:
      subject !== 'results' && sources.some((source, i) => included[i] && source === undefined)
        ? 'no such fault'
        : metric.absentAs,
    floor: metric.floor,
  };
  let row: Omit<FigureRow, 'note'>;
  if (present.length < 2) row = { ...base, status: present.length === 0 ? 'not-measured' : 'one-sided' };
  else {
    const sorted = [...present].sort((a, b) => a.value - b.value);
    const lowest = sorted[0]!;
    const highest = sorted[sorted.length - 1]!;
    const absoluteDifference = highest.value - lowest.value;
    const relativeDifference = relative(present.map((p) => (metric.relativeOf ?? identity)(p.value)));
    const differs = relativeDifference > threshold && absoluteDifference > metric.floor;
    row = {
      ...base,
      absoluteDifference,
      relativeDifference,
      status: differs ? 'differs' : 'close',
      ...(differs && { higher: highest.label, lower: lowest.label }),
    };
  }
  return { ...row, note: describeRow(row, threshold) };
}

/** (largest − smallest) / the larger magnitude; 0 when every value is 0 (nothing to tell apart). */
function relative(values: readonly number[]): number {
  const high = Math.max(...values);
  const low = Math.min(...values);
  const scale = Math.max(Math.abs(high), Math.abs(low));
  return scale === 0 ? 0 : (high - low) / scale;
}

const identity = (value: number) => value;

/** Items by key; a key seen again gets its occurrence number (`pod-kill`, `pod-kill #2`). */
function keyed<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  const seen = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    map.set(n === 1 ? k : `${k} #${n}`, item);
  }
  return map;
}

const unique = (keys: readonly string[]): string[] => [...new Set(keys)];
