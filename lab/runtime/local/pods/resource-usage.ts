import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';

/**
 * What the metrics-server reports per pod, for a pod that is a local process tree: CPU usage in
 * millicores over an interval and resident memory in bytes.
 *
 * Hand-written over /proc rather than `pidusage`: pidusage samples one pid (no descendants, while a
 * pod's command may be a wrapper whose child does the work, as a container's cgroup counts every
 * process in it) and keeps its CPU history in module-global state keyed by pid; the autoscaler needs
 * raw cumulative counters per pod so it computes rates over its own sync interval.
 */

/** One reading of a process and its live descendants. */
export interface ProcessTreeSample {
  /** The root process (the pod's process). */
  pid: number;
  /**
   * The root's start time in clock ticks after boot (/proc/<pid>/stat field 22). Two samples with the
   * same pid but different start times are different processes (the pid was reused).
   */
  startTicks: number;
  /**
   * CPU time of the whole tree in seconds: utime+stime of every live process in it, plus
   * cutime+cstime (the time of children they have already reaped), so a child that exits keeps its
   * time in the total, as a cgroup's cpu counter does.
   */
  cpuSeconds: number;
  /** Resident memory (VmRSS) summed over the live processes of the tree. */
  memoryBytes: number;
  /** Number of live processes in the tree (root included). */
  processes: number;
  /** Monotonic time of the reading (performance.now()), the clock CPU rates are computed against. */
  takenAtMs: number;
}

/** Usage as the metrics API reports it for one pod. */
export interface PodUsage {
  cpuMillicores: number;
  memoryBytes: number;
}

const defaultClockTicks = 100;
let clockTicks: Promise<number> | undefined;

/** `getconf CLK_TCK`, read once per process; 100 (Linux's USER_HZ everywhere in practice) if unavailable. */
export function clockTicksPerSecond(): Promise<number> {
  clockTicks ??= promisify(execFile)('getconf', ['CLK_TCK'])
    .then(({ stdout }) => {
      const ticks = Number(stdout.trim());
      return Number.isInteger(ticks) && ticks > 0 ? ticks : defaultClockTicks;
    })
    .catch(() => defaultClockTicks);
  return clockTicks;
}

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime, in clock ticks. */
  cpuTicks: number;
  startTicks: number;
}

/** Parses /proc/<pid>/stat; undefined when the process is gone or the text is not a stat line. */
async function readStat(pid: number): Promise<ProcStat | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, 'latin1').catch(() => undefined);
  if (text === undefined) return undefined;
  // Field 2 (comm) is in parentheses and may itself contain spaces or ')': split after the last one.
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  // rest[0] is field 3 (state), so field n is rest[n - 3].
  const rest = text.slice(close + 2).split(' ');
  const field = (n: number): number => Number(rest[n - 3]);
  const stat = {
    pid,
    ppid: field(4),
    cpuTicks: field(14) + field(15) + field(16) + field(17),
    startTicks: field(22),
  };
  return Number.isFinite(stat.cpuTicks) && Number.isFinite(stat.ppid) ? stat : undefined;
}

/** VmRSS in bytes; 0 for a process without one (a zombie, a kernel thread) or one that is gone. */
async function readRssBytes(pid: number): Promise<number> {
  const text = await readFile(`/proc/${pid}/status`, 'latin1').catch(() => '');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(text);
  return match ? Number(match[1]) * 1024 : 0;
}

async function readAllStats(): Promise<ProcStat[]> {
  const entries = await readdir('/proc').catch(() => [] as string[]);
  const stats = await Promise.all(entries.filter((e) => /^\d+$/.test(e)).map((e) => readStat(Number(e))));
  return stats.filter((s): s is ProcStat => s !== undefined);
}

/**
 * Samples several process trees with one scan of /proc (descendants are found through each
 * process's parent pid). A root that no longer exists is absent from the result.
 */
export async function sampleProcessTrees(pids: readonly number[]): Promise<Map<number, ProcessTreeSample>> {
  const [ticksPerSecond, stats] = await Promise.all([clockTicksPerSecond(), readAllStats()]);
  const takenAtMs = performance.now();
  const byPid = new Map(stats.map((s) => [s.pid, s]));
  const children = new Map<number, ProcStat[]>();
  for (const stat of stats) {
    const siblings = children.get(stat.ppid);
    if (siblings) siblings.push(stat);
    else children.set(stat.ppid, [stat]);
  }
  const samples = new Map<number, ProcessTreeSample>();
  for (const pid of new Set(pids)) {
    const root = byPid.get(pid);
    if (!root) continue;
    const tree: ProcStat[] = [];
    const queue = [root];
    while (queue.length > 0) {
      const stat = queue.pop()!;
      tree.push(stat);
      queue.push(...(children.get(stat.pid) ?? []));
    }
    const rss = await Promise.all(tree.map((s) => readRssBytes(s.pid)));
    samples.set(pid, {
      pid,
      startTicks: root.startTicks,
      cpuSeconds: tree.reduce((sum, s) => sum + s.cpuTicks, 0) / ticksPerSecond,
      memoryBytes: rss.reduce((sum, bytes) => sum + bytes, 0),
      processes: tree.length,
      takenAtMs,
    });
  }
  return samples;
}

/** One process tree; undefined when the process is gone. */
export async function sampleProcessTree(pid: number): Promise<ProcessTreeSample | undefined> {
  return (await sampleProcessTrees([pid])).get(pid);
}

/**
 * Mean CPU usage in millicores between two samples of the same process tree (1000 = one core busy).
 * Undefined when they are not comparable: a different process behind the pid, or no time between them.
 */
export function cpuMillicores(earlier: ProcessTreeSample, later: ProcessTreeSample): number | undefined {
  if (earlier.pid !== later.pid || earlier.startTicks !== later.startTicks) return undefined;
  const elapsedSeconds = (later.takenAtMs - earlier.takenAtMs) / 1000;
  if (elapsedSeconds <= 0) return undefined;
  // A reaped descendant whose parent is outside the tree takes its time with it: never report < 0.
  return (Math.max(0, later.cpuSeconds - earlier.cpuSeconds) / elapsedSeconds) * 1000;
}

/**
 * Measures a process tree over `intervalMs` (two samples), as `kubectl top pod` shows a pod.
 * Undefined when the process is gone before the second sample.
 */
export async function measurePodUsage(pid: number, intervalMs: number): Promise<PodUsage | undefined> {
  const first = await sampleProcessTree(pid);
  if (!first) return undefined;
  await new Promise((resolve) => setTimeout(resolve, intervalMs));
  const second = await sampleProcessTree(pid);
  const cpu = second && cpuMillicores(first, second);
  return second && cpu !== undefined ? { cpuMillicores: cpu, memoryBytes: second.memoryBytes } : undefined;
}
