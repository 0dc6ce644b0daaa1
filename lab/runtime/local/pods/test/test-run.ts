import { readdir, readFile, rm } from 'node:fs/promises';
import { makeRunTempDir, newRunId, runLabelEnv } from '../../../shared/run-label.js';
import type { LocalPodsEvent } from '../events.js';

/** A run id and a logs dir for one test file, and what checks that nothing was left running. */
export interface TestRun {
  runId: string;
  logsDir: string;
  /** Pids of live processes carrying this run's label (should be none once the test is done). */
  liveProcesses(): Promise<number[]>;
  cleanup(): Promise<void>;
}

export async function startTestRun(purpose: string): Promise<TestRun> {
  const runId = newRunId();
  const logsDir = await makeRunTempDir(runId, purpose);
  const liveProcesses = async () => {
    const pids: number[] = [];
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const environ = await readFile(`/proc/${entry}/environ`, 'latin1').catch(() => '');
      const state = await readFile(`/proc/${entry}/stat`, 'latin1').catch(() => '');
      // A zombie (state Z) has exited already; its parent has just not reaped it yet.
      if (/\) Z /.test(state)) continue;
      if (environ.split('\0').some((kv) => kv.startsWith(`${runLabelEnv}=${runId}:`)))
        pids.push(Number(entry));
    }
    return pids;
  };
  return {
    runId,
    logsDir,
    liveProcesses,
    cleanup: () => rm(logsDir, { recursive: true, force: true }),
  };
}

/** Records events and waits for one, bounded in time so a broken behaviour fails instead of hanging. */
export class EventLog {
  readonly events: LocalPodsEvent[] = [];
  readonly #waiters = new Set<() => void>();

  readonly listener = (event: LocalPodsEvent): void => {
    this.events.push(event);
    for (const waiter of [...this.#waiters]) waiter();
  };

  of<T extends LocalPodsEvent['type']>(type: T, pod?: string): Extract<LocalPodsEvent, { type: T }>[] {
    return this.events.filter(
      (e): e is Extract<LocalPodsEvent, { type: T }> =>
        e.type === type && (pod === undefined || ('pod' in e && e.pod === pod)),
    );
  }

  /** Event types of one pod, in order. */
  typesOf(pod: string): string[] {
    return this.events.filter((e) => 'pod' in e && e.pod === pod).map((e) => e.type);
  }

  waitFor<T extends LocalPodsEvent['type']>(
    type: T,
    match: (event: Extract<LocalPodsEvent, { type: T }>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<Extract<LocalPodsEvent, { type: T }>> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.of(type).find(match);
        if (!found) return;
        this.#waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        const seen = this.events.map((e) => e.type).join(', ');
        reject(new Error(`no ${type} event within ${timeoutMs} ms; events so far: ${seen}`));
      }, timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }
}

/** Whether a process exists and has not exited (a zombie has). */
export async function isRunning(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'latin1').catch(() => undefined);
  return stat !== undefined && !/\) Z /.test(stat);
}

/** Polls until `condition` holds, bounded in time. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
