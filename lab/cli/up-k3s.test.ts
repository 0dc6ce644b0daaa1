import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listLabResources, reapDeadLabs } from '../runtime/k3s/docker/lab-resources.js';
import { k3sSkipReason } from '../runtime/k3s/test/k3s-prerequisites.js';
import { repoRoot, runLab } from './test-support/run-lab.js';

const skip = await k3sSkipReason();
if (skip) console.warn(skip);

/**
 * `lab up --profile k3s` as a user runs it: the URLs printed, `lab status` from another process saying
 * which Kubernetes ran, and a lab killed with SIGKILL (no teardown at all) whose containers, volumes and
 * network the next start's reaper removes, since there is no Ryuk on this kind of machine.
 */
describe.skipIf(skip !== undefined)('lab up --profile k3s', () => {
  let registryDir: string;
  beforeAll(async () => {
    registryDir = await mkdtemp(path.join(tmpdir(), 'lab-registry-k3s-'));
  });
  afterAll(async () => {
    await rm(registryDir, { recursive: true, force: true });
  });

  it('prints the URLs, answers `lab status`, and leaves nothing behind after kill -9 once reaped', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'lab/cli/main.ts', 'up', '--profile', 'k3s'], {
      cwd: repoRoot,
      env: { ...process.env, CI: 'true', LAB_REGISTRY_DIR: registryDir, LAB_DEBUG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = once(child, 'exit');
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no control: line in 300 s\n${stderr}`)), 300_000);
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (/^control: /m.test(stdout)) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then(() => reject(new Error(`lab up exited before it was up\n${stderr}`)));
    });
    const storefront = /^storefront: (\S+)$/m.exec(stdout)![1]!;
    expect(new URL(storefront).hostname).toBe('127.0.0.1');
    expect((await fetch(storefront)).status).toBe(200);
    const runId = /run (\S+) ·/.exec(stderr)![1]!;

    const status = await runLab(['status'], registryDir);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`lab ${runId} (k3s)`);
    expect(status.stdout).toMatch(/Kubernetes v1\.34\.2 \(built from upstream sources\), not K3s/);
    expect(status.stdout).toMatch(/backend: 3\/3 ready/);

    child.kill('SIGKILL');
    await exited;
    const left = await listLabResources({ runId });
    expect(left.containers.length).toBeGreaterThan(0);
    expect(await reapDeadLabs()).toContain(runId);
    expect(await listLabResources({ runId })).toEqual({ containers: [], volumes: [], networks: [] });
  }, 420_000);
});
