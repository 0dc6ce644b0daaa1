import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSchema, type Report } from '../report/report-model.js';
import { processesOfRun, tempDirsOfRun } from '../runtime/local/test/leftovers.js';
import { validateReportFile } from './test/validate-report-file.js';
import { LabRunProcess, repoRoot, runLab } from './test/lab-run-process.js';

/**
 * `lab run` end to end on the local profile, black-box: the CLI as a real process bringing up the real
 * topology (PostgreSQL primary and standby, six pods, ingress, Toxiproxy), the real load, and the
 * report folder it leaves. One file, so the runs never compete for the machine's cores.
 */
let reportsDir: string;
let registryDir: string;
beforeAll(async () => {
  reportsDir = await mkdtemp(path.join(tmpdir(), 'lab-run-e2e-reports-'));
  registryDir = await mkdtemp(path.join(tmpdir(), 'lab-run-e2e-registry-'));
});
afterAll(async () => {
  await rm(reportsDir, { recursive: true, force: true });
  await rm(registryDir, { recursive: true, force: true });
});

const env = () => ({ LAB_REGISTRY_DIR: registryDir });
const runDirOf = (stdout: string) => {
  const html = /^report: (\S+)report\.html/m.exec(stdout)?.[1];
  if (!html) throw new Error(`no report: line in\n${stdout}`);
  return path.resolve(repoRoot, html);
};

async function readRun(stdout: string): Promise<{ runDir: string; report: Report }> {
  const runDir = runDirOf(stdout);
  const report = reportSchema.parse(JSON.parse(await readFile(path.join(runDir, 'report.json'), 'utf8')));
  await validateReportFile(path.join(runDir, 'report.json'));
  return { runDir, report };
}

async function expectNothingLeft(runId: string): Promise<void> {
  expect(await processesOfRun(runId)).toEqual([]);
  expect(await tempDirsOfRun(runId)).toEqual([]);
}

describe('lab run on the local profile', () => {
  it('pod-kill: one backend pod killed under load fails no GET, recovers, and writes every report file', async () => {
    const summary = path.join(reportsDir, 'step-summary.md');
    const run = await runLab(['run', 'pod-kill', '--report-dir', reportsDir, '--seed', '7'], {
      env: { ...env(), GITHUB_STEP_SUMMARY: summary },
    });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/^storefront: http:\/\/127\.0\.0\.1:\d+\/$/m);
    expect(run.stdout).toMatch(/^api: http:\/\/127\.0\.0\.1:\d+\/api$/m);
    expect(run.stdout).toMatch(/^control: http:\/\/127\.0\.0\.1:\d+/m);
    expect(run.stdout).toMatch(/^✓ pod-kill: pass/m);

    const { runDir, report } = await readRun(run.stdout);
    for (const file of ['report.json', 'report.md', 'report.html', 'junit.xml'])
      expect(existsSync(path.join(runDir, file)), file).toBe(true);
    expect(await realpath(path.join(reportsDir, 'latest'))).toBe(await realpath(runDir));
    // In GitHub Actions the Markdown report becomes the job summary.
    const markdown = await readFile(path.join(runDir, 'report.md'), 'utf8');
    expect(await readFile(summary, 'utf8')).toContain(markdown.trim());
    expect(report).toMatchObject({ seed: 7, profile: 'local', verdict: 'pass', interrupted: false });
    expect(report.environment.adjustments.join('\n')).toMatch(/RATE_LIMIT_MAX raised/);

    const [scenario] = report.scenarios;
    expect(scenario?.logs.length).toBeGreaterThanOrEqual(6);
    expect(await readdir(path.join(runDir, 'logs', 'pod-kill'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^backend-/), expect.stringMatching(/^postgres-0/)]),
    );
    expect(scenario?.steadyState.map((s) => [s.when, s.holds])).toEqual([
      ['before', true],
      ['after', true],
    ]);
    const [fault] = scenario!.faults;
    expect(fault).toMatchObject({ kind: 'pod-kill', target: expect.stringMatching(/^backend-/) });
    expect(fault!.injectedAtMs).toBeGreaterThan(0);
    expect(fault!.detectedAtMs).toBeGreaterThanOrEqual(fault!.injectedAtMs);
    expect(fault!.recoveredAtMs).toBeGreaterThanOrEqual(fault!.injectedAtMs);
    expect(scenario!.results.failedGets).toBe(0);
    expect(scenario!.results.requests).toBeGreaterThan(200);
    expect(scenario!.checks.length).toBeGreaterThan(0);
    expect(scenario!.checks.every((c) => c.pass)).toBe(true);
    expect(scenario!.journal.map((j) => j.activity)).toEqual(
      expect.arrayContaining(['method', "deployment('backend').kill()", 'waitForRecovery()']),
    );
    await expectNothingLeft(report.runId);
  }, 90_000);

  it('db-failover: the primary dies under checkout load, no acknowledged order is lost (RPO 0) and RTO is measured', async () => {
    const run = await runLab(['run', 'db-failover', '--report-dir', reportsDir], { env: env() });
    const { report } = await readRun(run.stdout);
    const [scenario] = report.scenarios;
    expect(run.code, `${run.stdout}\n${run.stderr}\n${scenario?.reason}`).toBe(0);
    const [fault] = scenario!.faults;
    expect(fault).toMatchObject({
      kind: 'db-failover',
      target: 'postgres-0',
      detail: { newPrimary: 'postgres-1' },
    });
    expect(fault!.timeToRecoverMs).toBeGreaterThan(0);
    expect(scenario!.results.timeToRecoverMs).toBe(fault!.timeToRecoverMs);
    expect(scenario!.results.lostOrders).toBe(0);
    expect(scenario!.slos.find((s) => s.name === 'lostOrders')).toMatchObject({
      target: 0,
      actual: 0,
      pass: true,
    });
    expect(scenario!.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['standby-caught-up']));
    expect(scenario!.journal.map((j) => j.activity)).toContain('re-clone the standby (after the failover)');
    await expectNothingLeft(report.runId);
  }, 90_000);

  it('skips the method and exits 3 (inconclusive) when the starting steady state does not hold', async () => {
    const file = path.join(reportsDir, 'impossible-steady-state.ts');
    await writeFile(
      file,
      `import { defineScenario } from '${path.join(repoRoot, 'lab', 'index.js')}';\n` +
        `export default defineScenario({\n` +
        `  name: 'impossible-steady-state', description: 'd', hypothesis: 'h',\n` +
        `  slo: {}, steadyState: { p99Ms: 0.001, windowMs: 1000 }, load: { rps: 5, warmupMs: 0 },\n` +
        `  async run(lab) { await lab.deployment('backend').kill(); },\n` +
        `});\n`,
    );
    const run = await runLab(['run', file, '--report-dir', reportsDir], { env: env() });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(3);
    const { report } = await readRun(run.stdout);
    const [scenario] = report.scenarios;
    expect(scenario).toMatchObject({ verdict: 'inconclusive', faults: [] });
    expect(scenario!.reason).toMatch(/steady state did not hold before the method/);
    expect(scenario!.journal.map((j) => j.activity)).not.toContain('method');
  }, 60_000);

  it('stops on SIGINT mid-run: exit 130, the report is written and marked interrupted, nothing left running', async () => {
    const run = new LabRunProcess(['run', 'pod-kill', '--report-dir', reportsDir], env(), 60_000);
    await run.waitFor(/^ {2}load: /m, 45_000);
    run.kill('SIGINT');
    expect(await run.exited, run.output).toBe(130);
    const { report } = await readRun(run.stdout);
    expect(report).toMatchObject({ interrupted: true, verdict: 'interrupted' });
    expect(report.scenarios[0]).toMatchObject({ name: 'pod-kill', verdict: 'interrupted' });
    await expectNothingLeft(report.runId);
  }, 60_000);
});
