import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FidelityComparison } from '../report/fidelity/index.js';
import { jsonWriter } from '../report/json.js';
import { sampleReport } from '../report/test/sample-report.js';
import { writeReports } from '../report/write-reports.js';
import { repoRoot, runLab } from './test-support/run-lab.js';

/**
 * `lab fidelity` black-box: two report.json files as `lab run` leaves them (one per profile) in a
 * temp dir, the CLI as a real process, its exit code, its table and the files it writes.
 */
let dir: string;
let registryDir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lab-fidelity-cli-'));
  registryDir = await mkdtemp(path.join(tmpdir(), 'lab-fidelity-registry-'));
  const local = sampleReport();
  const k3s = sampleReport();
  k3s.profile = 'k3s';
  k3s.runId = '20260301-103000-b7c1';
  k3s.implementations.pods = 'Kubernetes v1.34.2 node';
  k3s.scenarios[0]!.results.p99Ms = 310;
  await writeReports(local, path.join(dir, 'local-run'), { writers: [jsonWriter] });
  await writeReports(k3s, path.join(dir, 'k3s-run'), { writers: [jsonWriter] });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(registryDir, { recursive: true, force: true });
});

describe('lab fidelity A/report.json B/report.json', () => {
  it('prints the figures side by side and writes fidelity.json, .md and .html into --out', async () => {
    const out = path.join(dir, 'out');
    const run = await runLab(
      ['fidelity', path.join(dir, 'local-run', 'report.json'), path.join(dir, 'k3s-run'), '--out', out],
      registryDir,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^pod-kill +local +k3s$/m);
    expect(run.stdout).toMatch(/^ {2}✗ p99 +96 ms +310 ms {2}differs by 69 % \(k3s higher\)$/m);
    expect(run.stdout).toContain('fidelity (local vs k3s): ✗ 1 of 18 figures differ by more than 20 %');
    for (const file of ['fidelity.json', 'fidelity.md', 'fidelity.html'])
      expect(run.stdout).toContain(`wrote ${path.relative(repoRoot, path.join(out, file))}`);

    const comparison = JSON.parse(
      await readFile(path.join(out, 'fidelity.json'), 'utf8'),
    ) as FidelityComparison;
    expect(comparison).toMatchObject({ kind: 'dhakacart-lab-fidelity', schemaVersion: 1, threshold: 0.2 });
    expect(comparison.runs.map((r) => [r.label, r.source, r.implementations.pods])).toEqual([
      ['local', '../local-run/report.json', 'node processes (3 backend, 2 frontend), one per pod'],
      ['k3s', '../k3s-run/report.json', 'Kubernetes v1.34.2 node'],
    ]);
    expect(await readFile(path.join(out, 'fidelity.md'), 'utf8')).toContain(
      '| ✗ | p99 | 96 ms | 310 ms | **differs by 69 %** (k3s higher) |',
    );
    expect(await readFile(path.join(out, 'fidelity.html'), 'utf8')).toContain(
      '<a href="../k3s-run/report.html">',
    );
  });

  it('takes --threshold: at 0.7 the 69 % p99 difference is within it', async () => {
    const out = path.join(dir, 'loose');
    const run = await runLab(
      [
        'fidelity',
        path.join(dir, 'local-run'),
        path.join(dir, 'k3s-run'),
        '--threshold',
        '0.7',
        '--out',
        out,
      ],
      registryDir,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('fidelity (local vs k3s): ✓ all 18 figures compared are within 70 %');
  });

  it('writes to reports/fidelity-<time>/ under the working directory without --out', async () => {
    const run = await runLab(
      ['fidelity', path.join(dir, 'local-run'), path.join(dir, 'k3s-run')],
      registryDir,
    );
    expect(run.code, run.stderr).toBe(0);
    const written = /^wrote (reports\/fidelity-\d{8}-\d{6})\/fidelity\.json$/m.exec(run.stdout)?.[1];
    expect(written, run.stdout).toBeDefined();
    const folder = path.join(repoRoot, written!);
    try {
      expect(existsSync(path.join(folder, 'fidelity.html'))).toBe(true);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('exits 2 with one message for a missing or invalid report, one report only, or a bad threshold', async () => {
    const missing = path.join(dir, 'nope', 'report.json');
    const noFile = await runLab(['fidelity', path.join(dir, 'local-run'), missing], registryDir);
    expect(noFile).toMatchObject({ code: 2, stdout: '' });
    expect(noFile.stderr).toBe(
      `error: ${missing} does not exist; give a run's report.json or its folder, e.g. reports/latest\n`,
    );

    const invalid = path.join(dir, 'invalid.json');
    await writeFile(invalid, JSON.stringify({ ...sampleReport(), profile: 'kind' }));
    const bad = await runLab(['fidelity', path.join(dir, 'local-run'), invalid], registryDir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid\.json.*profile/);

    const one = await runLab(['fidelity', path.join(dir, 'local-run')], registryDir);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('lab fidelity needs two reports or more to compare, got 1');

    const threshold = await runLab(
      ['fidelity', path.join(dir, 'local-run'), path.join(dir, 'k3s-run'), '--threshold', '20'],
      registryDir,
    );
    expect(threshold.code).toBe(2);
    expect(threshold.stderr).toContain('expected a fraction between 0 and 1, e.g. 0.2 for 20 %.');
  });
});
