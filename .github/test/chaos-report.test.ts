import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SUMMARY_LIMIT_CHARS } from '../scripts/chaos-report.js';
import { findLatestReportFile } from '../scripts/lab-report-files.js';
import { repoRoot } from './load-workflows.js';

// chaos.yml runs the script exactly like this; so do these tests (a real process over real files).
const tsx = join(repoRoot, 'node_modules/.bin/tsx');
const script = join(repoRoot, '.github/scripts/chaos-report.ts');
const chaosReport = (...args: string[]) => {
  const r = spawnSync(tsx, [script, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

const tmp = mkdtempSync(join(tmpdir(), 'chaos-report-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let dirs = 0;
/** A fresh directory with the given files (path → content) written into it. */
function tree(files: Record<string, string>): string {
  const root = join(tmp, `t${++dirs}`);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  mkdirSync(root, { recursive: true });
  return root;
}

const report = (scenarios: { name: string; verdict: string; availability: number; ttr: number | null }[]) =>
  JSON.stringify({
    schemaVersion: 1,
    runId: 'r',
    profile: 'local',
    scenarios: scenarios.map((s) => ({
      name: s.name,
      verdict: s.verdict,
      results: { availability: s.availability, timeToRecoverMs: s.ttr },
    })),
  });

describe('chaos-report summary', () => {
  it('prints the latest run’s report.md under a heading that explains the exit code', () => {
    const dir = tree({
      '2025-01-01T10-00-00-aaaa/report.md': '# old run\n',
      '2025-01-02T10-00-00-bbbb/report.md': '# newest run\n',
    });
    symlinkSync('2025-01-02T10-00-00-bbbb', join(dir, 'latest'));
    const r = chaosReport('summary', dir, '1', 'local');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      '## ❌ Chaos scenarios, profile `local`: failed: a scenario missed its SLOs\n\n# newest run\n',
    );
  });

  it('says so when the lab wrote no report, and that an empty exit code means it never finished', () => {
    const r = chaosReport('summary', join(tmp, 'does-not-exist'), '', 'k3s');
    expect(r.stdout).toContain('profile `k3s`: the lab did not finish (the step timed out or was cancelled)');
    expect(r.stdout).toContain('No report.md was written');
  });

  it('cuts a report too large for the 1 MiB job summary and points at the artifact', () => {
    const dir = tree({ 'run/report.md': 'x'.repeat(SUMMARY_LIMIT_CHARS + 10_000) });
    const r = chaosReport('summary', dir, '0', 'local');
    expect(r.stdout.length).toBeLessThan(1024 * 1024);
    expect(r.stdout).toContain('✅ Chaos scenarios');
    expect(r.stdout).toContain('the full report is in the artifact');
  });
});

describe('chaos-report compare', () => {
  const base = report([
    { name: 'pod-kill', verdict: 'pass', availability: 0.999, ttr: 4000 },
    { name: 'db-failover', verdict: 'pass', availability: 0.99, ttr: 12_000 },
    { name: 'network-latency', verdict: 'pass', availability: 1, ttr: 0 },
  ]);
  const head = report([
    { name: 'pod-kill', verdict: 'pass', availability: 0.995, ttr: 4000 },
    { name: 'db-failover', verdict: 'fail', availability: 0.99, ttr: 20_000 },
    { name: 'traffic-spike', verdict: 'pass', availability: 1, ttr: null },
  ]);

  it('flags each scenario that is less available, slower to recover or newly failing than on main', () => {
    // The artifact from main holds the folder as uploaded: ci/<run>/..., `latest` copied as a folder.
    const baseline = tree({ 'ci/run-1/report.json': '{}', 'ci/latest/report.json': base });
    const current = tree({ 'run-2/report.json': head });
    const r = chaosReport('compare', baseline, current, 'main (run 42)');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('### Resilience compared with main (run 42)');
    expect(lines).toContain(
      '| pod-kill | pass → pass | 99.90 % → 99.50 % (−0.40 pp) | 4.0 s → 4.0 s (±0.0 s) | ⚠️ less available |',
    );
    expect(lines).toContain(
      '| db-failover | pass → fail | 99.00 % → 99.00 % (±0.00 pp) | 12.0 s → 20.0 s (+8.0 s) | ⚠️ now fails its SLOs, ⚠️ slower to recover |',
    );
    expect(lines).toContain('| traffic-spike | — → pass | — → 100.00 % | — → never | new scenario |');
    expect(lines).toContain('| network-latency | pass → — | 100.00 % → — | 0.0 s → — | not run by this PR |');
    expect(r.stdout).toContain('2 scenario(s) less resilient than on main');
  });

  it('reports no regression when the PR is as resilient as main', () => {
    const r = chaosReport(
      'compare',
      tree({ 'a/report.json': base }),
      tree({ 'b/report.json': base }),
      'main',
    );
    expect(r.stdout).toContain('No scenario is less resilient than on main.');
    expect(r.stdout).not.toContain('⚠️');
  });

  it('explains that there is no baseline yet instead of failing', () => {
    const r = chaosReport('compare', tree({}), tree({ 'b/report.json': head }), 'main');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('No report from main to compare with yet');
  });

  it('names the file and what was expected when a report.json is not a lab report', () => {
    const bad = tree({ 'x/report.json': '{"runs": []}' });
    const r = chaosReport('compare', bad, tree({ 'b/report.json': head }), 'main');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(
      `${join(bad, 'x/report.json')}: expected a lab report.json with a "scenarios" array`,
    );
  });
});

describe('chaos-report verdict', () => {
  it.each([
    ['1', 'failed: a scenario missed its SLOs'],
    ['2', 'setup error'],
    ['3', 'inconclusive: the steady state did not hold'],
    ['', 'the lab did not finish'],
    ['7', 'unexpected exit code 7'],
  ])('fails the job for exit code "%s" with an annotation saying: %s', (code, meaning) => {
    const r = chaosReport('verdict', code);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^::error title=chaos scenarios::lab run /);
    expect(r.stdout).toContain(meaning);
  });

  it('passes the job when the lab exited 0', () => {
    const r = chaosReport('verdict', '0');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('chaos: passed: every scenario met its SLOs\n');
  });

  it('rejects a wrong call with its usage and exit code 2', () => {
    const r = chaosReport('sumary', 'x');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage: chaos-report.ts summary REPORT_DIR EXIT_CODE PROFILE');
  });
});

describe('findLatestReportFile', () => {
  it('prefers latest/, else the lexically newest run id, and ignores a dangling latest link', () => {
    const dir = tree({ 'ci/2025-01-01-a/report.json': '{}', 'ci/2025-03-01-c/report.json': '{}' });
    symlinkSync('gone', join(dir, 'ci/latest'));
    expect(findLatestReportFile(dir, 'report.json')).toBe(join(dir, 'ci/2025-03-01-c/report.json'));
    expect(findLatestReportFile(join(tmp, 'missing'), 'report.json')).toBeUndefined();
  });
});
