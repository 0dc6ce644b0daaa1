import type { ScenarioReport } from './report-model.js';

/** What the browser-side chart script (assets/report-charts.js) draws for one scenario. */
export interface ScenarioChartData {
  /** Bucket starts, seconds since t0. */
  x: number[];
  bucketSeconds: number;
  requests: number[];
  failed: number[];
  /** null where no request finished in the bucket (a gap in the line, not a zero). */
  p50: (number | null)[];
  p95: (number | null)[];
  p99: (number | null)[];
  markers: ChartMarker[];
}

export type MarkerKind = 'fault' | 'detect' | 'recover' | 'revert' | 'mark';

export interface ChartMarker {
  atS: number;
  kind: MarkerKind;
  label: string;
  /** Line colour; the same in the chart and in the marker list under it. */
  color: string;
}

export const markerColors: Record<MarkerKind, string> = {
  fault: '#c62828',
  detect: '#ef6c00',
  recover: '#2e7d32',
  revert: '#00838f',
  mark: '#455a64',
};

export function chartData(s: ScenarioReport): ScenarioChartData {
  const t = s.timeline;
  return {
    x: t.map((b) => b.startMs / 1000),
    bucketSeconds: (t[0]?.durationMs ?? 1000) / 1000,
    requests: t.map((b) => b.requests),
    failed: t.map((b) => b.failed),
    p50: t.map((b) => b.p50Ms ?? null),
    p95: t.map((b) => b.p95Ms ?? null),
    p99: t.map((b) => b.p99Ms ?? null),
    markers: chartMarkers(s),
  };
}

export function chartMarkers(s: ScenarioReport): ChartMarker[] {
  const markers: Omit<ChartMarker, 'color'>[] = [];
  for (const f of s.faults) {
    markers.push({ atS: f.injectedAtMs / 1000, kind: 'fault', label: `${f.kind} injected` });
    if (f.detectedAtMs !== undefined)
      markers.push({
        atS: f.detectedAtMs / 1000,
        kind: 'detect',
        label: `detected${f.detectedBy ? ` (${f.detectedBy})` : ''}`,
      });
    if (f.recoveredAtMs !== undefined)
      markers.push({ atS: f.recoveredAtMs / 1000, kind: 'recover', label: 'recovered' });
    if (f.revertedAtMs !== undefined)
      markers.push({ atS: f.revertedAtMs / 1000, kind: 'revert', label: `${f.kind} reverted` });
  }
  for (const m of s.marks) markers.push({ atS: m.atMs / 1000, kind: 'mark', label: m.label });
  return markers.map((m) => ({ ...m, color: markerColors[m.kind] })).sort((a, b) => a.atS - b.atS);
}
