import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlive, makeRunTempDir, newRunId, reapOrphans, runLabel, runLabelEnv } from './run-label.js';

/** A pid that belonged to a process that has exited (so no live process can own a label with it). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return child.pid!;
}

describe('Run labels and the orphan reaper', () => {
  it('kills the processes of a run whose lab died (SIGKILLed), and leaves a live run alone', async () => {
    const dead = await deadPid();
    const orphan = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], {
      env: { ...process.env, [runLabelEnv]: `${newRunId()}:${dead}` },
      detached: true,
      stdio: 'ignore',
    });
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], {
      env: { ...process.env, ...runLabel(newRunId()) },
      detached: true,
      stdio: 'ignore',
    });
    const orphanExit = once(orphan, 'exit');
    try {
      await new Promise((resolve) => setTimeout(resolve, 200)); // let both exec, so /proc shows their env
      const reaped = await reapOrphans();
      expect(reaped.killedProcesses).toContain(orphan.pid);
      expect(reaped.killedProcesses).not.toContain(live.pid);
      await orphanExit;
      expect(isAlive(live.pid!)).toBe(true);
    } finally {
      orphan.kill('SIGKILL');
      live.kill('SIGKILL');
    }
  });

  it('removes the temp dirs of a dead run and keeps those of a live one', async () => {
    const mine = await makeRunTempDir(newRunId(), 'reaper-test');
    const orphan = path.join(tmpdir(), `dhakacart-lab-${newRunId()}-reaper-test-orphan`);
    await mkdir(orphan);
    await writeFile(path.join(orphan, 'owner.json'), JSON.stringify({ runId: 'x', pid: await deadPid() }));
    try {
      const reaped = await reapOrphans();
      expect(reaped.removedDirs).toContain(orphan);
      await expect(stat(orphan)).rejects.toMatchObject({ code: 'ENOENT' });
      expect((await stat(mine)).isDirectory()).toBe(true);
    } finally {
      await rm(mine, { recursive: true, force: true });
      await rm(orphan, { recursive: true, force: true });
    }
  });

  it('names runs by UTC time with a random suffix, so they sort by start', () => {
    expect(newRunId(new Date('2026-11-24T10:15:02Z'))).toMatch(/^20261124-101502-[0-9a-f]{4}$/);
  });
});
