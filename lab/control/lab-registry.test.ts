import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultRegistryDir, LabRegistry, type LabEntry } from './lab-registry.js';

let root: string;
let registry: LabRegistry;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'lab-registry-test-'));
  registry = new LabRegistry(join(root, 'labs'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const entry = (runId: string, pid = process.pid, startedAt = '2026-01-01T00:00:00.000Z'): LabEntry => ({
  runId,
  pid,
  controlUrl: 'http://127.0.0.1:5000',
  token: 'secret',
  urls: { storefront: `http://127.0.0.1:6000/${runId}/`, api: `http://127.0.0.1:6000/${runId}/api` },
  startedAt,
});

/** The pid of a process that has exited (and was reaped), so no process owns it right now. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return child.pid!;
}

describe('LabRegistry', () => {
  it('lists registered labs oldest first, and forgets one when it unregisters', async () => {
    const unregisterB = await registry.register(entry('b', process.pid, '2026-01-01T00:00:02.000Z'));
    await registry.register(entry('a', process.pid, '2026-01-01T00:00:01.000Z'));
    expect((await registry.list()).map((l) => l.runId)).toEqual(['a', 'b']);
    await unregisterB();
    await unregisterB();
    expect((await registry.list()).map((l) => l.runId)).toEqual(['a']);
  });

  it('keeps the token private: directory 0700, entry files 0600', async () => {
    await registry.register(entry('a'));
    expect((await stat(registry.dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(registry.dir, 'a.json'))).mode & 0o777).toBe(0o600);
  });

  it('removes entries whose process is dead when it is read', async () => {
    await registry.register(entry('alive'));
    await registry.register(entry('killed', await deadPid()));
    expect((await registry.list()).map((l) => l.runId)).toEqual(['alive']);
    expect(await readdir(registry.dir)).toEqual(['alive.json']);
  });

  it('removes unreadable entries instead of failing on them', async () => {
    await registry.register(entry('a'));
    await writeFile(join(registry.dir, 'broken.json'), '{"runId": ');
    expect((await registry.list()).map((l) => l.runId)).toEqual(['a']);
    expect(await readdir(registry.dir)).toEqual(['a.json']);
  });

  it('lists nothing before any lab ever registered', async () => {
    expect(await registry.list()).toEqual([]);
  });

  describe('pick', () => {
    it('says no lab is running, and how to start one, when none is', async () => {
      await registry.register(entry('gone', await deadPid()));
      await expect(registry.pick()).rejects.toMatchObject({
        message: 'no lab is running; start one with `npm run lab -- up`',
        exitCode: 2,
      });
    });

    it('returns the only running lab without --lab', async () => {
      await registry.register(entry('solo'));
      expect((await registry.pick()).runId).toBe('solo');
    });

    it('requires --lab when two labs run, naming both', async () => {
      await registry.register(entry('a'));
      await registry.register(entry('b'));
      const error = (await registry.pick().catch((e: unknown) => e)) as Error & { exitCode: number };
      expect(error.exitCode).toBe(2);
      expect(error.message).toContain('2 labs are running; choose one with --lab <runId>');
      expect(error.message).toContain(
        `a (pid ${process.pid}, started 2026-01-01T00:00:00.000Z, storefront http://127.0.0.1:6000/a/)`,
      );
      expect(error.message).toContain('  b (pid');
      expect((await registry.pick('b')).runId).toBe('b');
    });

    it('names the running labs when --lab matches none', async () => {
      await registry.register(entry('a'));
      await expect(registry.pick('z')).rejects.toThrow("no running lab has run id 'z'; running labs: a");
    });
  });

  it('lives in $LAB_REGISTRY_DIR, else $XDG_RUNTIME_DIR, else a per-user temp dir', () => {
    expect(defaultRegistryDir({ LAB_REGISTRY_DIR: '/x/labs', XDG_RUNTIME_DIR: '/run/user/1000' })).toBe(
      '/x/labs',
    );
    expect(defaultRegistryDir({ XDG_RUNTIME_DIR: '/run/user/1000' })).toBe('/run/user/1000/dhakacart-lab');
    expect(defaultRegistryDir({})).toMatch(/dhakacart-registry-\d+$/);
  });
});
