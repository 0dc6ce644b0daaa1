import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FidelityComparison } from '../report/fidelity/index.js';
import { reportSchema } from '../report/report-model.js';
import { profilesLayout } from './run-profiles.js';
import { repoRoot, runLab } from './test/lab-run-process.js';

/**
 * `lab run --profile a,b` black-box: the flag's validation, and the folder layout of a multi-profile
 * run over the CLI's stand-in topology (LAB_TOPOLOGY_MODULE: it comes up in milliseconds and serves no
 * shop, so each scenario errors at "prepare shoppers"; the layout, the exit code and the comparison
 * are what is under test, not the figures, which the fidelity tests cover).
 */
let dir: string;
let registryDir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lab-run-profiles-'));
  registryDir = await mkdtemp(path.join(tmpdir(), 'lab-run-profiles-registry-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(registryDir, { recursive: true, force: true });
});

const standIn = () => ({
  LAB_REGISTRY_DIR: registryDir,
  LAB_TOPOLOGY_MODULE: path.join(repoRoot, 'lab/cli/test-support/fake-topology.ts'),
});

describe('lab run --profile with a comma list', () => {
  it('names the allowed profiles when one is unknown (exit 2, nothing run)', async () => {
    const run = await runLab(['run', 'pod-kill', '--profile', 'local,kind', '--report-dir', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`option '--profile <names>' argument 'local,kind' is invalid.`);
    expect(run.stderr).toContain('unknown profile "kind"; profiles are local, k3s');
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a profile named twice (exit 2)', async () => {
    const run = await runLab(['run', 'pod-kill', '--profile', 'local,local', '--report-dir', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('local is named twice; name each profile once, e.g. local,k3s.');
  });

  it('runs the suite per profile in the order given, into <run-id>/<profile>/, then writes the comparison', async () => {
    const reportsDir = path.join(dir, 'layout');
    const run = await runLab(['run', 'pod-kill', '--profile', 'k3s,local', '--report-dir', reportsDir], {
      env: standIn(),
      timeoutMs: 60_000,
    });
    // The stand-in serves no shop: pod-kill errors on both profiles, and the worst exit code is 1.
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(1);
    expect(run.stderr.indexOf('■ profile k3s (1/2)')).toBeLessThan(
      run.stderr.indexOf('■ profile local (2/2)'),
    );

    const [runId, ...others] = (await readdir(reportsDir)).filter((f) => f !== 'latest');
    expect(others).toEqual([]);
    const runDir = path.join(reportsDir, runId!);
    expect(await readlink(path.join(reportsDir, 'latest'))).toBe(runId);
    expect((await readdir(runDir)).sort()).toEqual([
      'fidelity.html',
      'fidelity.json',
      'fidelity.md',
      'k3s',
      'local',
    ]);
    for (const profile of ['k3s', 'local'] as const) {
      for (const file of ['report.json', 'report.md', 'report.html', 'junit.xml'])
        expect(existsSync(path.join(runDir, profile, file)), `${profile}/${file}`).toBe(true);
      const report = reportSchema.parse(
        JSON.parse(await readFile(path.join(runDir, profile, 'report.json'), 'utf8')),
      );
      expect(report).toMatchObject({ runId, profile, verdict: 'error' });
    }

    const fidelity = JSON.parse(
      await readFile(path.join(runDir, 'fidelity.json'), 'utf8'),
    ) as FidelityComparison;
    expect(fidelity.runs.map((r) => [r.label, r.source])).toEqual([
      ['k3s', 'k3s/report.json'],
      ['local', 'local/report.json'],
    ]);
    expect(fidelity.scenarios[0]!.note).toMatch(/^no figures on k3s \(error: .*\); no figures on local/);
    expect(run.stdout).toMatch(/^profile k3s:$/m);
    expect(run.stdout).toContain('fidelity (k3s vs local): ? nothing compared');
    expect(run.stdout).toContain(
      `fidelity: ${path.join(runDir, 'fidelity.html')} (also fidelity.json, fidelity.md)`,
    );
  });

  it('exits 2 when a profile cannot start, as a one-profile run does', async () => {
    const run = await runLab(
      ['run', 'pod-kill', '--profile', 'local,k3s', '--report-dir', path.join(dir, 'setup')],
      { env: { ...standIn(), FAKE_TOPOLOGY_FAIL: 'setup' }, timeoutMs: 60_000 },
    );
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(2);
  });
});

describe('profilesLayout', () => {
  it('puts each profile in a folder of the run, and records their reports relative to it', () => {
    expect(profilesLayout('/r', '20260301-101502-a3f9', ['local', 'k3s'])).toEqual({
      runDir: '/r/20260301-101502-a3f9',
      suiteDirs: [
        { profile: 'local', dir: '/r/20260301-101502-a3f9/local' },
        { profile: 'k3s', dir: '/r/20260301-101502-a3f9/k3s' },
      ],
      sources: ['local/report.json', 'k3s/report.json'],
    });
  });
});
