import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { runLabelEnv, runTempDirs } from '../../shared/run-label.js';

/** Live processes that carry the lab run label of `runId` (DHAKACART_LAB_RUN=<runId>:<owner pid>). */
export async function processesOfRun(runId: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const environ = await readFile(`/proc/${entry}/environ`, 'latin1').catch(() => '');
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const zombie = stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
    if (!zombie && environ.split('\0').some((kv) => kv.startsWith(`${runLabelEnv}=${runId}:`)))
      pids.push(Number(entry));
  }
  return pids;
}

/** Temp dirs a run of `runId` made (makeRunTempDir names them dhakacart-lab-<runId>-...). */
export async function tempDirsOfRun(runId: string): Promise<string[]> {
  return (await runTempDirs()).filter((dir) => path.basename(dir).startsWith(`dhakacart-lab-${runId}-`));
}

/** Whether something accepts connections at `url` (the port is still held). */
export async function answers(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(1000) }).then(
    () => true,
    () => false,
  );
}
