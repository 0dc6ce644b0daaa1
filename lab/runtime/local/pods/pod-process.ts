import { spawn, type ChildProcess } from 'node:child_process';
import { appendFile, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeploymentSpec } from '../../../topology/model.js';
import { runLabel } from '../../shared/run-label.js';
import { eventClock } from './events.js';

/**
 * One container of a pod as a child process: the source-checkout command of the pod template
 * (`lab.dhakacart.dev/local-command`), run from the repository root without a shell, in its own process
 * group (so the lab kills the container's whole tree, as a runtime kills a container's cgroup, and
 * Ctrl-C at the terminal reaches only the lab), with its output appended to `<logsDir>/<pod>.log`.
 */

/**
 * What a container image brings on its own (PATH, HOME, locale): taken from the lab's environment.
 * Nothing else is inherited, so a pod sees the env its manifest declares and not whatever the shell
 * that started the lab happens to export (a stray DATABASE_URL or NODE_ENV=test).
 */
export const imageLikeEnv = ['PATH', 'HOME', 'USER', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR'] as const;

export interface PodProcessOptions {
  pod: string;
  spec: Pick<DeploymentSpec, 'container' | 'local'>;
  port: number;
  repoRoot: string;
  runId: string;
  logsDir: string;
  /** Applied after the container env and port/host env (e.g. the service-env rewrites). */
  env?: Record<string, string>;
  /** Restarts before this start, for the log header. */
  restarts?: number;
  /** Variables taken from the lab's own environment (default `imageLikeEnv`). */
  inheritEnv?: readonly string[];
}

export interface ContainerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Epoch ms, on the events' clock. */
  at: number;
  /** Set when the process could not be started at all (e.g. ENOENT for the command). */
  error?: string;
}

export interface PodProcess {
  /** Undefined only when the spawn failed. */
  readonly pid: number | undefined;
  readonly startedAt: number;
  readonly logFile: string;
  /** Settles once, when the process has exited (or failed to start); never rejects. */
  readonly exited: Promise<ContainerExit>;
  running(): boolean;
  /** Signals the whole process group; false when it is already gone. */
  signal(signal: NodeJS.Signals): boolean;
}

export function podLogFile(logsDir: string, pod: string): string {
  return join(logsDir, `${pod}.log`);
}

/** The container's environment, in the order Kubernetes and the lab apply it (later entries win). */
export function podEnv(options: PodProcessOptions): Record<string, string> {
  const inherited: Record<string, string> = {};
  for (const name of options.inheritEnv ?? imageLikeEnv) {
    const value = process.env[name];
    if (value !== undefined) inherited[name] = value;
  }
  return {
    ...inherited,
    ...options.spec.container.env,
    [options.spec.local.portEnv]: String(options.port),
    [options.spec.local.hostEnv]: '127.0.0.1',
    ...options.env,
    ...runLabel(options.runId),
  };
}

export function signalGroup(pid: number | undefined, signal: NodeJS.Signals): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone.
  }
}

export async function startPodProcess(options: PodProcessOptions): Promise<PodProcess> {
  const [command, ...args] = options.spec.local.command;
  if (command === undefined) {
    throw new Error(
      `pod ${options.pod}: the local command is empty; set lab.dhakacart.dev/local-command to a JSON argv`,
    );
  }
  const logFile = podLogFile(options.logsDir, options.pod);
  const log = await open(logFile, 'a');
  let child: ChildProcess;
  let exited: Promise<ContainerExit>;
  let done = false;
  let startedAt: number;
  try {
    const header = `--- ${new Date().toISOString()} pod ${options.pod} container ${options.spec.container.name} start (restarts: ${options.restarts ?? 0}): ${JSON.stringify(options.spec.local.command)} in ${options.repoRoot}\n`;
    await log.write(header);
    child = spawn(command, args, {
      cwd: options.repoRoot,
      env: podEnv(options),
      detached: true,
      stdio: ['ignore', log.fd, log.fd],
    });
    startedAt = eventClock();
    // Listen before anything else awaits: a failed spawn reports its 'error' on the next tick.
    exited = new Promise<ContainerExit>((resolve) => {
      child.once('exit', (code, signal) => {
        done = true;
        resolve({ code, signal, at: eventClock() });
      });
      child.on('error', (error) => {
        // Without a pid the spawn failed and no 'exit' follows; with one it is a failed kill(),
        // which the process outlives.
        if (child.pid !== undefined || done) return;
        done = true;
        void appendFile(logFile, `--- the command could not start: ${error.message}\n`).catch(
          () => undefined,
        );
        resolve({ code: null, signal: null, at: eventClock(), error: error.message });
      });
    });
  } finally {
    // The child holds its own copy of the descriptor.
    await log.close();
  }
  const pid = child.pid;
  return {
    pid,
    startedAt,
    logFile,
    exited,
    running: () => !done,
    signal: (signal) => !done && signalGroup(pid, signal),
  };
}
