import { readdir, readFile } from 'node:fs/promises';
import { runLabelEnv } from '../runtime/shared/run-label.js';

/** Resident memory of a lab's processes, read from /proc (the benches' figures). */
/** Processes carrying a lab run label, plus the lab process itself. */
export async function labProcesses(labPid: number): Promise<number[]> {
  const pids: number[] = [labPid];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === labPid) continue;
    const environ = await readFile(`/proc/${entry}/environ`, 'latin1').catch(() => '');
    if (environ.split('\0').some((kv) => kv.startsWith(`${runLabelEnv}=`) && kv.endsWith(`:${labPid}`)))
      pids.push(Number(entry));
  }
  return pids;
}

/** Child processes of labelled ones (postgres backends inherit no env label of their own making). */
export async function withDescendants(pids: number[]): Promise<number[]> {
  const all = new Set(pids);
  const parents = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    parents.set(Number(entry), ppid);
  }
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (!all.has(pid) && all.has(ppid)) {
        all.add(pid);
        grew = true;
      }
    }
  }
  return [...all];
}

export async function memoryOf(pids: number[]): Promise<{ rss: number; pss: number }> {
  let rss = 0;
  let pss = 0;
  for (const pid of pids) {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
    rss += Number(/^Rss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
    pss += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
  }
  return { rss, pss };
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
