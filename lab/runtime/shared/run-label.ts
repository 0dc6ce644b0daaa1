import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Labels everything a lab run starts, so a later run can find and remove what a dead one left behind
 * (a lab killed with SIGKILL cannot clean up after itself). The idea is testcontainers' session label
 * and reaper: every child process carries `DHAKACART_LAB_RUN=<runId>:<ownerPid>` in its environment and
 * every temp dir holds an `owner.json`; `reapOrphans()` kills and removes those whose owner is dead.
 */
export const runLabelEnv = 'DHAKACART_LAB_RUN';
const tempPrefix = 'dhakacart-lab-';

/** A short, sortable run id: UTC time plus 4 random hex chars, e.g. `20261124-101502-a3f9`. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

/** The env entry every process a run starts must carry (merge it into the child's env). */
export function runLabel(runId: string): Record<string, string> {
  return { [runLabelEnv]: `${runId}:${process.pid}` };
}

/**
 * Where run-scoped temp dirs may live: the OS temp dir, and `/dev/shm` (tmpfs) for data that is only
 * worth keeping while the run lasts, such as the lab's PostgreSQL data dirs (RAM makes initdb and the
 * standby copy several times faster than a disk). The reaper scans both.
 */
export function tempRoots(): string[] {
  return [...new Set([tmpdir(), ...(existsSync('/dev/shm') ? ['/dev/shm'] : [])])];
}

/** `memory`: on tmpfs when the machine has /dev/shm, else the OS temp dir. */
export type TempDirPlace = 'disk' | 'memory';

/** A temp dir labelled with the run and this process as its owner; the caller removes it. */
export async function makeRunTempDir(
  runId: string,
  purpose: string,
  place: TempDirPlace = 'disk',
): Promise<string> {
  const root = place === 'memory' ? (tempRoots().at(-1) ?? tmpdir()) : tmpdir();
  const dir = await mkdtemp(join(root, `${tempPrefix}${runId}-${purpose}-`));
  await writeFile(join(dir, 'owner.json'), JSON.stringify({ runId, pid: process.pid }));
  return dir;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface ReapResult {
  killedProcesses: number[];
  removedDirs: string[];
}

/**
 * Kills processes (with their process groups) and removes temp dirs left by lab runs whose owning
 * process is gone. Safe to call at every start: a live run's resources are never touched.
 */
export async function reapOrphans(): Promise<ReapResult> {
  const result: ReapResult = { killedProcesses: [], removedDirs: [] };
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const environ = await readFile(`/proc/${pid}/environ`, 'latin1').catch(() => '');
    const label = environ.split('\0').find((kv) => kv.startsWith(`${runLabelEnv}=`));
    if (!label) continue;
    const owner = Number(label.split(':').at(-1));
    if (!Number.isInteger(owner) || owner === process.pid || isAlive(owner)) continue;
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // Already gone, or not a group leader: the other form covers it.
      }
    }
    result.killedProcesses.push(pid);
  }
  for (const dir of await runTempDirs()) {
    const owner = await readFile(join(dir, 'owner.json'), 'utf8')
      .then((text) => (JSON.parse(text) as { pid?: number }).pid)
      .catch(() => undefined);
    if (owner === undefined || owner === process.pid || isAlive(owner)) continue;
    await rm(dir, { recursive: true, force: true });
    result.removedDirs.push(dir);
  }
  return result;
}

/** Every run-labelled temp dir on this machine, live runs' included. */
export async function runTempDirs(): Promise<string[]> {
  const dirs: string[] = [];
  for (const root of tempRoots()) {
    for (const name of await readdir(root).catch(() => [] as string[]))
      if (name.startsWith(tempPrefix)) dirs.push(join(root, name));
  }
  return dirs;
}
