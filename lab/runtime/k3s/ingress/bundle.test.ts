import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleIngressController } from './bundle.js';

const run = promisify(execFile);

describe('bundleIngressController', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('writes one ES module that loads under plain node (no node_modules) and logs JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lab-ingress-bundle-'));
    dirs.push(dir);
    const outFile = await bundleIngressController(join(dir, 'controller.mjs'));
    // Outside a pod, loadFromCluster() has no service account: the controller says so in a JSON line and
    // exits 1. Getting that far proves every bundled module loaded.
    const failure = await run(process.execPath, [outFile], {
      cwd: dir,
      env: { PATH: process.env.PATH, INGRESS_RUN_DIR: join(dir, 'run') },
      timeout: 30_000,
    }).catch((error: { code: number; stdout: string }) => error);
    expect('code' in failure && failure.code).toBe(1);
    const lines = failure.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.at(-1)).toMatchObject({
      level: 'fatal',
      service: 'ingress-controller',
      msg: 'ingress controller failed to start',
    });
  }, 60_000);
});
