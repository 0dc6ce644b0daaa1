import { describe, expect, it } from 'vitest';
import type { Report } from '../report-model.js';
import { sampleReport } from '../test/sample-report.js';
import { compareReports } from './compare-reports.js';
import type { FigureRow } from './fidelity-model.js';

/** The sample run as if made on k3s: the same figures, another run id and what served each piece. */
function k3sReport(): Report {
  const report = sampleReport();
  report.profile = 'k3s';
  report.runId = '20260301-103000-b7c1';
  report.implementations = { ...report.implementations, pods: 'Kubernetes v1.34.2 node (built from source)' };
  return report;
}

const row = (
  comparison: ReturnType<typeof compareReports>,
  scenario: string,
  metric: string,
  subject = 'results',
): FigureRow => {
  const found = comparison.scenarios
    .find((s) => s.name === scenario)
    ?.rows.find((r) => r.metric === metric && r.subject === subject);
  if (!found) throw new Error(`no row ${scenario} ${subject} ${metric}`);
  return found;
};

describe('compareReports', () => {
  it('puts every figure of a scenario on both profiles side by side, named by profile', () => {
    const comparison = compareReports([sampleReport(), k3sReport()]);
    expect(comparison.runs.map((r) => [r.label, r.profile])).toEqual([
      ['local', 'local'],
      ['k3s', 'k3s'],
    ]);
    expect(comparison.runs[1]!.implementations.pods).toBe('Kubernetes v1.34.2 node (built from source)');
    const podKill = comparison.scenarios.find((s) => s.name === 'pod-kill')!;
    expect(podKill.rows.map((r) => `${r.subject} ${r.metric}`)).toEqual([
      'results availability',
      'results p50Ms',
      'results p99Ms',
      'results failed',
      'results failedGets',
      'results timeToRecoverMs',
      'results lostOrders',
      'pod-kill timeToDetectMs',
      'pod-kill timeToRecoverMs',
    ]);
    expect(row(comparison, 'pod-kill', 'p99Ms')).toMatchObject({
      values: { local: 96, k3s: 96 },
      status: 'close',
      relativeDifference: 0,
      note: 'within 20 %',
    });
    expect(comparison.summary).toMatchObject({ compared: 18, differing: 0, differences: [] });
  });

  it('says a figure differs by its share of the larger one, and which profile is higher', () => {
    const k3s = k3sReport();
    k3s.scenarios[0]!.results.p99Ms = 310;
    k3s.scenarios[0]!.faults[0]!.timeToDetectMs = 2_400;
    const comparison = compareReports([sampleReport(), k3s]);

    expect(row(comparison, 'pod-kill', 'p99Ms')).toMatchObject({
      status: 'differs',
      absoluteDifference: 214,
      higher: 'k3s',
      lower: 'local',
      note: 'differs by 69 %',
    });
    expect(row(comparison, 'pod-kill', 'timeToDetectMs', 'pod-kill').note).toBe('differs by 63 %');
    expect(comparison.summary.differing).toBe(2);
    expect(comparison.summary.differences.map((d) => d.text)).toEqual([
      'pod-kill · p99: local 96 ms, k3s 310 ms — differs by 69 %, k3s higher',
      'pod-kill · fault pod-kill: time to detect: local 900 ms, k3s 2.40 s — differs by 63 %, k3s higher',
    ]);
  });

  it('needs the difference to clear the threshold: 15 % apart is within 20 % and beyond 10 %', () => {
    const k3s = k3sReport();
    k3s.scenarios[1]!.results.p99Ms = 4_980 * 0.85;
    expect(row(compareReports([sampleReport(), k3s]), 'db-failover', 'p99Ms').status).toBe('close');
    const strict = compareReports([sampleReport(), k3s], { threshold: 0.1 });
    expect(row(strict, 'db-failover', 'p99Ms')).toMatchObject({ status: 'differs', note: 'differs by 15 %' });
    expect(strict.threshold).toBe(0.1);
  });

  it('calls zeros on both sides equal, and 0 vs 1 failed GET noise, not "100 % different"', () => {
    const k3s = k3sReport();
    k3s.scenarios[0]!.results.failedGets = 1;
    k3s.scenarios[0]!.results.p50Ms = 45; // 19 vs 45 ms: 58 %, but only 26 ms apart
    const comparison = compareReports([sampleReport(), k3s]);
    expect(row(comparison, 'pod-kill', 'lostOrders')).toMatchObject({
      values: { local: 0, k3s: 0 },
      relativeDifference: 0,
      status: 'close',
    });
    expect(row(comparison, 'pod-kill', 'failedGets')).toMatchObject({
      relativeDifference: 1,
      status: 'close',
      note: 'within noise: 1 apart, not above the 1 floor',
    });
    expect(row(comparison, 'pod-kill', 'p50Ms')).toMatchObject({
      status: 'close',
      note: 'within noise: 26 ms apart, not above the 50 ms floor',
    });
    k3s.scenarios[0]!.results.failedGets = 2;
    expect(row(compareReports([sampleReport(), k3s]), 'pod-kill', 'failedGets').status).toBe('differs');
  });

  it('counts one lost order as a difference: RPO has no noise floor', () => {
    const k3s = k3sReport();
    k3s.scenarios[1]!.results.lostOrders = 1;
    expect(row(compareReports([sampleReport(), k3s]), 'db-failover', 'lostOrders')).toMatchObject({
      status: 'differs',
      higher: 'k3s',
    });
  });

  it('compares availability by the share that failed, so 99.9 % vs 98 % differs', () => {
    const local = sampleReport();
    const k3s = k3sReport();
    local.scenarios[0]!.results.availability = 0.999;
    k3s.scenarios[0]!.results.availability = 0.98;
    const availability = row(compareReports([local, k3s]), 'pod-kill', 'availability');
    expect(availability).toMatchObject({ status: 'differs', higher: 'local', note: 'differs by 95 %' });
    // 99.9 % vs 99.6 %: four times the failures, but under the half-point floor.
    k3s.scenarios[0]!.results.availability = 0.996;
    expect(row(compareReports([local, k3s]), 'pod-kill', 'availability').status).toBe('close');
  });

  it('says when a figure was measured on one profile only, e.g. a fault that never recovered there', () => {
    const k3s = k3sReport();
    k3s.scenarios[1]!.faults[0]!.timeToRecoverMs = undefined;
    delete k3s.scenarios[1]!.results.p50Ms;
    const comparison = compareReports([sampleReport(), k3s]);
    expect(row(comparison, 'db-failover', 'timeToRecoverMs', 'db-failover')).toMatchObject({
      values: { local: 11_500, k3s: null },
      status: 'one-sided',
      note: 'not recovered on k3s',
    });
    expect(row(comparison, 'db-failover', 'p50Ms').note).toBe('not measured on k3s');
    expect(comparison.summary.differences.map((d) => [d.status, d.text])).toEqual([
      ['one-sided', 'db-failover · p50: local 24 ms — not measured on k3s'],
      ['one-sided', 'db-failover · fault db-failover: time to recover: local 11.50 s — not recovered on k3s'],
    ]);
  });

  it('matches faults by kind and order, and says when one profile had no such fault', () => {
    const local = sampleReport();
    const k3s = k3sReport();
    const second = { ...local.scenarios[0]!.faults[0]!, target: 'backend-0', timeToDetectMs: 1_000 };
    local.scenarios[0]!.faults.push(second);
    const comparison = compareReports([local, k3s]);
    expect(row(comparison, 'pod-kill', 'timeToDetectMs', 'pod-kill #2')).toMatchObject({
      values: { local: 1_000, k3s: null },
      absentAs: 'no such fault',
      note: 'no such fault on k3s',
    });
  });

  it('says which scenarios ran on one profile only, and which have no figures (an error at bring-up)', () => {
    const k3s = k3sReport();
    k3s.scenarios = [k3s.scenarios[1]!];
    Object.assign(k3s.scenarios[0]!, {
      verdict: 'error',
      reason: 'the topology could not start',
    });
    k3s.scenarios[0]!.results = { requests: 0, failed: 0, dropped: 0, failedGets: 0 };
    const comparison = compareReports([sampleReport(), k3s]);
    expect(comparison.scenarios.map((s) => [s.name, s.rows.length, s.note])).toEqual([
      ['pod-kill', 0, 'only in local (not run on k3s)'],
      ['db-failover', 0, 'no figures on k3s (error: the topology could not start)'],
    ]);
    expect(comparison.scenarios[0]!.runs).toEqual({
      local: { verdict: 'pass', reason: 'every SLO and data check held', measured: true },
      k3s: null,
    });
    expect(comparison.summary.notCompared.map((n) => n.scenario)).toEqual(['pod-kill', 'db-failover']);
    expect(comparison.summary.compared).toBe(0);
  });

  it('names the columns by run id when two runs share a profile', () => {
    const again = sampleReport();
    again.runId = '20260302-090000-0001';
    expect(compareReports([sampleReport(), again]).runs.map((r) => r.label)).toEqual([
      'local 20260301-101502-a3f9',
      'local 20260302-090000-0001',
    ]);
    expect(compareReports([sampleReport(), sampleReport()]).runs.map((r) => r.label)).toEqual([
      'local 20260301-101502-a3f9',
      'local 20260301-101502-a3f9 (2)',
    ]);
  });

  it('compares three runs between their largest and smallest figure', () => {
    const k3s = k3sReport();
    const third = sampleReport();
    third.runId = 'third';
    k3s.scenarios[0]!.results.p99Ms = 400;
    third.scenarios[0]!.results.p99Ms = 200;
    const p99 = row(compareReports([sampleReport(), k3s, third]), 'pod-kill', 'p99Ms');
    expect(p99).toMatchObject({
      absoluteDifference: 304,
      higher: 'k3s',
      lower: 'local 20260301-101502-a3f9',
    });
    expect(p99.relativeDifference).toBeCloseTo(0.76);
  });

  it('rejects fewer than two reports and a threshold that is not a fraction', () => {
    expect(() => compareReports([sampleReport()])).toThrow(/two reports or more, got 1/);
    expect(() => compareReports([sampleReport(), k3sReport()], { threshold: 20 })).toThrow(
      /fraction between 0 and 1/,
    );
  });
});
