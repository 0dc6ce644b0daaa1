import type { ScenarioReport, Verdict } from '../report/report-model.js';

const marks: Record<Verdict, string> = {
  pass: '✓',
  fail: '✗',
  inconclusive: '?',
  error: '!',
  interrupted: '■',
};

export function verdictMark(verdict: Verdict): string {
  return marks[verdict];
}

/** One line per scenario at the end of `lab run`: `✓ pod-kill: pass · availability 100.00 % · ...`. */
export function scenarioSummary(report: ScenarioReport): string {
  const r = report.results;
  const figures = [
    r.availability !== undefined ? `availability ${(r.availability * 100).toFixed(2)} %` : undefined,
    r.p99Ms !== undefined ? `p99 ${Math.round(r.p99Ms)} ms` : undefined,
    r.requests > 0 ? `failed ${r.failed}/${r.requests}` : undefined,
    r.timeToRecoverMs !== undefined ? `recovered in ${(r.timeToRecoverMs / 1000).toFixed(1)} s` : undefined,
    r.lostOrders !== undefined ? `orders lost ${r.lostOrders}` : undefined,
  ].filter(Boolean);
  const line = [`${verdictMark(report.verdict)} ${report.name}: ${report.verdict}`, ...figures].join(' · ');
  return report.verdict === 'pass' ? line : `${line}\n    ${report.reason}`;
}
