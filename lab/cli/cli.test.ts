import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabRegistry } from '../control/lab-registry.js';
import { FakeLab, runLab, runNode } from './test-support/run-lab.js';

let registryDir: string;
beforeAll(async () => {
  registryDir = await mkdtemp(join(tmpdir(), 'lab-cli-test-'));
});
afterAll(async () => {
  await rm(registryDir, { recursive: true, force: true });
});

describe('lab CLI usage errors', () => {
  it.each([
    { args: ['up', '--profile', 'kind'], names: ["'--profile <name>'", "'kind'", 'local, k3s'] },
    { args: ['up', '--toxiproxy', 'fake'], names: ['--toxiproxy', 'auto, embedded, real'] },
    {
      args: ['up', '--failover-delay', 'soon'],
      names: ['--failover-delay', 'number of seconds from 0 to 600'],
    },
    {
      args: ['fault', 'latency', '--link', 'frontend-backend', '--latency', '100'],
      names: ["'--link <name>'", 'backend-database'],
    },
    {
      args: ['fault', 'latency', '--link', 'backend-database', '--latency', '-5'],
      names: ['--latency', 'whole number of milliseconds from 0 to 60000'],
    },
    { args: ['fault', 'latency', '--link', 'backend-database'], names: ["required option '--latency <ms>'"] },
    {
      args: ['fault', 'pod-kill', '--pod', 'a', '--deployment', 'b'],
      names: ['--pod', 'cannot be used with', '--deployment'],
    },
    { args: ['fault', 'clear', '--link', 'nowhere'], names: ['--link', 'backend-database'] },
    { args: ['status', '--verbose'], names: ["unknown option '--verbose'"] },
    { args: ['deploy'], names: ["unknown command 'deploy'"] },
  ])('exits 2 naming the bad input and what is allowed: lab $args', async ({ args, names }) => {
    const run = await runLab(args, registryDir);
    expect(run.code).toBe(2);
    for (const name of names) expect(run.stderr).toContain(name);
    expect(run.stderr).toMatch(/Usage: lab/);
  });

  it('prints the usage and exits 2 when no verb is given, 0 for --help', async () => {
    const bare = await runLab([], registryDir);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/Usage: lab[\s\S]*up[\s\S]*status[\s\S]*down[\s\S]*fault/);
    const help = await runLab(['--help'], registryDir);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: lab/);
  });

  it('says the k3s profile needs a running Docker daemon and exits 2 without a stack trace', async () => {
    const run = await runLab(['up', '--profile', 'k3s'], registryDir, {
      DOCKER_HOST: 'unix:///nonexistent/docker.sock',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/error: the k3s profile needs a running Docker daemon.*--profile local/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('runs through the package bin launcher (bin.js registers tsx)', async () => {
    const run = await runNode(['lab/cli/bin.js', 'fault', '--help'], registryDir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/pod-kill[\s\S]*db-failover[\s\S]*latency[\s\S]*clear/);
  });
});

describe('lab CLI with no lab running', () => {
  it.each(['status', 'down', 'fault db-failover', 'fault clear'])(
    'lab %s exits 2 and says how to start one',
    async (line) => {
      const run = await runLab(line.split(' '), registryDir);
      expect(run.code).toBe(2);
      expect(run.stderr.trim()).toBe('error: no lab is running; start one with `npm run lab -- up`');
    },
  );
});

describe('lab CLI with two labs running side by side', () => {
  let dir: string;
  let alpha: FakeLab;
  let beta: FakeLab;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lab-cli-test-'));
    [alpha, beta] = await Promise.all([FakeLab.start('alpha', dir), FakeLab.start('beta', dir)]);
  });
  afterAll(async () => {
    await Promise.all([alpha?.kill(), beta?.kill()]);
    await rm(dir, { recursive: true, force: true });
  });

  it('asks for --lab, naming every running lab, when none is given', async () => {
    const run = await runLab(['status'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('2 labs are running; choose one with --lab <runId>');
    expect(run.stderr).toMatch(/alpha \(pid \d+, started .*storefront http:\/\/127\.0\.0\.1:1\/alpha\/\)/);
    expect(run.stderr).toContain('beta (pid');
  });

  it('names the running labs when --lab names none of them', async () => {
    const run = await runLab(['status', '--lab', 'gamma'], dir);
    expect(run.code).toBe(2);
    // Listed in start order; the two fake labs start concurrently, so either may be first.
    expect(run.stderr).toMatch(/no running lab has run id 'gamma'; running labs: (alpha, beta|beta, alpha)/);
  });

  it("status --json prints the chosen lab's status", async () => {
    const run = await runLab(['status', '--lab', 'beta', '--json'], dir);
    expect(run.code).toBe(0);
    const status = JSON.parse(run.stdout) as { runId: string; deployments: { name: string }[] };
    expect(status.runId).toBe('beta');
    expect(status.deployments.map((d) => d.name)).toEqual(['backend', 'frontend']);
  });

  it('status prints pods, database nodes and faults for people', async () => {
    const run = await runLab(['status', '--lab', 'alpha'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('lab alpha (local)');
    expect(run.stdout).toMatch(
      /backend: 3\/3 ready\n {2}backend-6d4cf56db6-a1b2c {2}Running ready {2}port 41000/,
    );
    expect(run.stdout).toMatch(/postgres-0 {2}primary[\s\S]*postgres-1 {2}standby/);
    expect(run.stdout).toContain('faults: none');
  });

  it('fault pod-kill kills a pod of the named Deployment in that lab only', async () => {
    const run = await runLab(['fault', 'pod-kill', '--deployment', 'backend', '--lab', 'alpha'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('killed pod backend-6d4cf56db6-a1b2c; its Deployment starts a replacement\n');
    expect(alpha.calls()).toContainEqual({ method: 'killPod', target: { deployment: 'backend' } });
    expect(beta.calls()).toEqual([]);
  });

  it('fault pod-kill of a Deployment that does not exist exits 2 naming the ones that do', async () => {
    const run = await runLab(['fault', 'pod-kill', '--deployment', 'database', '--lab', 'alpha'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no deployment named 'database'; deployments now: backend, frontend");
  });

  it('fault pod-kill without a target exits 2 listing Deployments and pods', async () => {
    const run = await runLab(['fault', 'pod-kill', '--lab', 'alpha'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /--deployment <name> \(one of: backend, frontend\) or --pod <name> \(one of: backend-/,
    );
  });

  it('fault latency adds latency with jitter, and fault clear removes it', async () => {
    const add = await runLab(
      [
        'fault',
        'latency',
        '--link',
        'backend-database',
        '--latency',
        '200',
        '--jitter',
        '50',
        '--lab',
        'beta',
      ],
      dir,
    );
    expect(add.code).toBe(0);
    expect(add.stdout).toBe('added 200±50 ms latency on backend-database\n');
    const status = await runLab(['status', '--lab', 'beta'], dir);
    expect(status.stdout).toContain('faults: backend-database latency 200±50 ms');
    const clear = await runLab(['fault', 'clear', '--lab', 'beta'], dir);
    expect(clear.code).toBe(0);
    expect(clear.stdout).toBe('cleared network faults on ingress-backend, backend-database\n');
    expect(beta.calls()).toEqual([
      { method: 'addLatency', fault: { link: 'backend-database', latencyMs: 200, jitterMs: 50 } },
      { method: 'clearFaults' },
    ]);
  });

  it('fault network adds any toxic with its attributes, and refuses an attribute the toxic lacks', async () => {
    const add = await runLab(
      [
        'fault',
        'network',
        '--link',
        'backend-database',
        '--type',
        'reset_peer',
        '--set',
        'timeout=100',
        '--lab',
        'beta',
      ],
      dir,
    );
    expect(add.code).toBe(0);
    expect(add.stdout).toBe('added reset_peer_downstream on backend-database (timeout=100)\n');
    const typo = await runLab(
      [
        'fault',
        'network',
        '--link',
        'backend-database',
        '--type',
        'reset_peer',
        '--set',
        'timout=100',
        '--lab',
        'beta',
      ],
      dir,
    );
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('reset_peer has no attribute "timout"; its attributes are: timeout');
    expect(beta.calls().filter((c) => c.method === 'addNetworkFault')).toEqual([
      {
        method: 'addNetworkFault',
        fault: {
          link: 'backend-database',
          type: 'reset_peer',
          attributes: { timeout: 100 },
          stream: 'downstream',
          toxicity: 1,
        },
      },
    ]);
  });

  it('fault db-failover reports the old and new primary and how long promotion took', async () => {
    const run = await runLab(['fault', 'db-failover', '--lab', 'alpha'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /killed postgres-0 .*promoted postgres-1 after 2\.5 s; proxy re-pointed after 2\.6 s/,
    );
  });

  it('fault db-reclone makes the node that is not the primary its standby again, through the control API', async () => {
    const run = await runLab(['fault', 'db-reclone', '--lab', 'alpha'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^re-cloned postgres-\d as the standby of the primary\n$/);
    expect(alpha.calls().at(-1)).toEqual({ method: 'recloneStandby' });
  });

  it('down stops the chosen lab, waits until its process is gone, and leaves the other running', async () => {
    const run = await runLab(['down', '--lab', 'alpha'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('stopped lab alpha\n');
    expect(alpha.running).toBe(false);
    expect(alpha.calls().at(-1)).toEqual({ method: 'stop' });
    expect(beta.running).toBe(true);
    expect((await new LabRegistry(dir).list()).map((l) => l.runId)).toEqual(['beta']);
    // With one lab left, --lab is no longer needed.
    const status = await runLab(['status', '--json'], dir);
    expect(status.code).toBe(0);
    expect((JSON.parse(status.stdout) as { runId: string }).runId).toBe('beta');
  });
});
