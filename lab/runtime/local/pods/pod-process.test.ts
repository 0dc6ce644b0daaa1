import { readFile } from 'node:fs/promises';
import getPort from 'get-port';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runLabelEnv } from '../../shared/run-label.js';
import { podLogFile, startPodProcess, type PodProcess, type PodProcessOptions } from './pod-process.js';
import { fixtureDeployment, repoRoot } from './test/fixture-deployment.js';
import { isRunning, startTestRun, until, type TestRun } from './test/test-run.js';

let run: TestRun;
const started: PodProcess[] = [];

beforeAll(async () => {
  run = await startTestRun('pod-process-test');
});
afterEach(async () => {
  for (const proc of started.splice(0)) {
    proc.signal('SIGKILL');
    await proc.exited;
  }
});
afterAll(async () => {
  await until(async () => (await run.liveProcesses()).length === 0, 'no labelled process left', 5_000);
  await run.cleanup();
});

async function start(overrides: Partial<PodProcessOptions> & { fixture?: Record<string, string> } = {}) {
  const { fixture, ...rest } = overrides;
  const proc = await startPodProcess({
    pod: 'web-bcdfg2456z-x7k2p',
    spec: fixtureDeployment({ fixture }),
    port: await getPort({ host: '127.0.0.1' }),
    repoRoot,
    runId: run.runId,
    logsDir: run.logsDir,
    ...rest,
  });
  started.push(proc);
  return proc;
}

async function getJson(port: number, path: string): Promise<unknown> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      return await (await fetch(`http://127.0.0.1:${port}${path}`)).json();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw lastError;
}

describe('startPodProcess', () => {
  it('runs the local command from the repository root with the container env, port, host and run label', async () => {
    process.env.DHAKACART_PODS_TEST_STRAY = 'from the shell';
    try {
      const port = await getPort({ host: '127.0.0.1' });
      await start({
        port,
        spec: fixtureDeployment({
          container: { env: { APP_VERSION: 'v1', DATABASE_URL: 'postgres://db:5432/x' } },
        }),
        env: { DATABASE_URL: 'postgres://127.0.0.1:40000/x' },
      });
      const { cwd, env } = (await getJson(port, '/env')) as { cwd: string; env: Record<string, string> };
      expect(cwd).toBe(repoRoot.replace(/\/$/, ''));
      expect(env).toMatchObject({
        PORT: String(port),
        HOST: '127.0.0.1',
        APP_VERSION: 'v1',
        DATABASE_URL: 'postgres://127.0.0.1:40000/x',
        [runLabelEnv]: `${run.runId}:${process.pid}`,
        PATH: process.env.PATH,
      });
      expect(env).not.toHaveProperty('DHAKACART_PODS_TEST_STRAY');
    } finally {
      delete process.env.DHAKACART_PODS_TEST_STRAY;
    }
  });

  it('appends the output of every start to <logsDir>/<pod>.log after a header line', async () => {
    const pod = 'web-bcdfg2456z-logs2';
    for (const restarts of [0, 1]) {
      const proc = await start({ pod, restarts, fixture: { FIXTURE_EXIT_CODE: '0' } });
      await proc.exited;
    }
    const lines = (await readFile(podLogFile(run.logsDir, pod), 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      /^--- \S+ pod web-bcdfg2456z-logs2 container web start \(restarts: 0\): \["node",/,
    );
    expect(lines[1]).toBe('fixture: exiting with code 0');
    expect(lines[2]).toMatch(/start \(restarts: 1\)/);
    expect(lines[3]).toBe('fixture: exiting with code 0');
  });

  it('starts the container in its own process group and signals the whole group', async () => {
    const pod = 'web-bcdfg2456z-group';
    const proc = await start({ pod, fixture: { FIXTURE_SPAWN_CHILD: '1' } });
    let childPid: number | undefined;
    await until(async () => {
      const log = await readFile(podLogFile(run.logsDir, pod), 'utf8').catch(() => '');
      childPid = Number(/fixture: child pid (\d+)/.exec(log)?.[1]) || undefined;
      return childPid !== undefined;
    }, 'the fixture to log its child');
    expect(proc.signal('SIGKILL')).toBe(true);
    expect(await proc.exited).toMatchObject({ code: null, signal: 'SIGKILL' });
    await until(async () => !(await isRunning(childPid!)), 'the child to be gone', 2_000);
    expect(proc.signal('SIGTERM')).toBe(false);
  });

  it('reports a command that cannot start as an exit carrying the error', async () => {
    const spec = fixtureDeployment({
      local: { command: ['./no-such-command'], portEnv: 'PORT', hostEnv: 'HOST', serviceEnv: [] },
    });
    const proc = await start({ pod: 'web-bcdfg2456z-enoen', spec });
    expect(await proc.exited).toMatchObject({
      code: null,
      signal: null,
      error: expect.stringMatching(/ENOENT/),
    });
    expect(proc.pid).toBeUndefined();
  });

  it('refuses an empty command, naming the annotation to fix', async () => {
    const spec = fixtureDeployment({
      local: { command: [], portEnv: 'PORT', hostEnv: 'HOST', serviceEnv: [] },
    });
    await expect(start({ spec })).rejects.toThrow(/lab\.dhakacart\.dev\/local-command/);
  });
});
