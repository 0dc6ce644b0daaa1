import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runLab } from './test/lab-run-process.js';

/**
 * `lab run` and `lab list` black-box, for what is decided before any topology starts: which
 * scenarios, whether their files are valid, whether the flags make sense. All exit 2 (usage error).
 */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lab-run-cli-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const labIndex = path.join(repoRoot, 'lab', 'index.js');
const suite = [
  'db-connection-reset',
  'db-failover',
  'network-latency',
  'pod-kill',
  'pod-kill-all-but-one',
  'rolling-update',
  'traffic-spike',
];

describe('lab run, before anything starts', () => {
  it('names the known scenarios when asked for an unknown one (exit 2)', async () => {
    const run = await runLab(['run', 'pod-kil', '--report-dir', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown scenario "pod-kil"; known scenarios: ');
    for (const name of suite) expect(run.stderr).toContain(name);
  });

  it('lists every problem of an invalid scenario file, with file and field (exit 2)', async () => {
    const file = path.join(dir, 'broken.ts');
    await writeFile(
      file,
      `import { defineScenario } from '${labIndex}';\n` +
        `export default defineScenario({ name: 'broken', description: 'd', hypothesis: 'h',\n` +
        `  slo: { availability: 99.9 }, load: { rps: 30, journeys: { shopping: 1 } }, run: async () => {} } as never);\n`,
    );
    const run = await runLab(['run', file, '--report-dir', dir]);
    expect(run.code).toBe(2);
    const shown = path.relative(repoRoot, file);
    expect(run.stderr).toContain('2 problems in scenario files:');
    expect(run.stderr).toContain(`${shown}: slo.availability: must be a fraction between 0 and 1, got 99.9`);
    expect(run.stderr).toContain(`${shown}: load.journeys.shopping: is not a journey; journeys are browse,`);
  });

  it('says why the k3s profile cannot run without a Docker daemon (exit 2)', async () => {
    const run = await runLab(['run', 'pod-kill', '--profile', 'k3s', '--report-dir', dir], {
      env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/k3s profile needs a running Docker daemon.*use --profile local/);
  });

  it('rejects a seed that is not a whole number (exit 2)', async () => {
    const run = await runLab(['run', 'pod-kill', '--seed', 'abc']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--seed <n>.*expected a whole number from 0 to 2147483647/);
  });
});

describe('lab list', () => {
  it('prints each scenario of scenarios/ with its one-line description', async () => {
    const list = await runLab(['list']);
    expect(list.code).toBe(0);
    const lines = list.stdout.trim().split('\n');
    expect(lines.map((line) => line.split(/\s+/)[0])).toEqual(suite);
    expect(list.stdout).toMatch(/^pod-kill\s+One backend pod is killed/m);
  });
});
