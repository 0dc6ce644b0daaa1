import { execFile, spawn } from 'node:child_process';
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import getPort from 'get-port';
import { runLabel } from '../../shared/run-label.js';
import type { PostgresTools } from './postgres-binaries.js';
import { killServer, sendSignal } from './server-processes.js';

/**
 * One PostgreSQL server process (a "postmaster" and the backends it forks), started in its own process
 * group (server-processes.ts says why that alone does not reach its children) and labelled with the run, with its output appended to the node's log file. Readiness is read
 * from postmaster.pid's status line, as pg_ctl does, rather than by parsing log text or by connecting.
 */
export interface PostgresProcessOptions {
  node: string;
  tools: PostgresTools;
  dataDir: string;
  /** Where the unix socket goes (a 0700 dir the server's user owns). */
  socketDir: string;
  /** Try this port first (a node keeps its port across restarts when it can); default: a free one. */
  port?: number;
  runId: string;
  logFile: string;
  startTimeoutMs: number;
}

export interface PostgresExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface PostgresProcess {
  readonly pid: number;
  readonly port: number;
  /** Settles when the postmaster has exited; never rejects. */
  readonly exited: Promise<PostgresExit>;
  running(): boolean;
  /** Fast shutdown (SIGINT: roll back, disconnect, checkpoint); SIGKILL to the server after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
  /** SIGKILL to the postmaster and all its children, as when the host dies; resolves once it is gone. */
  kill(): Promise<void>;
}

/** The env of every process the node runs: nothing of the lab's own env beyond PATH, plus the run label. */
export function postgresEnv(runId: string): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', ...runLabel(runId) };
}

export async function appendLog(logFile: string, line: string): Promise<void> {
  const handle = await open(logFile, 'a');
  try {
    await handle.write(`--- ${new Date().toISOString()} ${line}\n`);
  } finally {
    await handle.close();
  }
}

/** The last lines a process wrote to the log since `offset`, for error messages. */
export async function logTail(logFile: string, offset: number, lines = 15): Promise<string> {
  const text = await readFile(logFile, 'utf8').catch(() => '');
  return text
    .slice(offset)
    .split('\n')
    .filter(Boolean)
    .slice(-lines)
    .map((line) => `  ${line}`)
    .join('\n');
}

const maxPortAttempts = 3;

export async function startPostgresProcess(options: PostgresProcessOptions): Promise<PostgresProcess> {
  for (let attempt = 1; ; attempt++) {
    // get-port can race with another process taking the port: a bind failure retries with a fresh one.
    const port = attempt === 1 && options.port ? options.port : await getPort({ host: '127.0.0.1' });
    try {
      return await startOnPort(options, port);
    } catch (error) {
      if (!(error instanceof PortInUseError) || attempt >= maxPortAttempts) throw error;
    }
  }
}

class PortInUseError extends Error {}

async function startOnPort(options: PostgresProcessOptions, port: number): Promise<PostgresProcess> {
  const { node, tools, dataDir, logFile } = options;
  await appendLog(logFile, `${node}: starting postgres on 127.0.0.1:${port}`);
  const logOffset = (await stat(logFile)).size;
  const log = await open(logFile, 'a');
  let child;
  try {
    const args = ['-D', dataDir, '-p', String(port), '-c', `unix_socket_directories=${options.socketDir}`];
    child = spawn(tools.postgres, [...args, '-c', `cluster_name=${node}`], {
      ...tools.ids,
      cwd: options.socketDir,
      env: postgresEnv(options.runId),
      detached: true,
      stdio: ['ignore', log.fd, log.fd],
    });
  } finally {
    await log.close(); // the child holds its own copy
  }
  let done = false;
  const exited = new Promise<PostgresExit>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
    child.once('error', () => {
      if (child.pid !== undefined) return; // a failed kill(); the process lives on
      done = true;
      resolve({ code: null, signal: null });
    });
  });
  const pid = child.pid;
  if (pid === undefined) {
    await exited;
    throw new Error(
      `${node}: could not run ${tools.postgres}; run \`npm ci\` to reinstall the PostgreSQL binaries`,
    );
  }

  const deadline = Date.now() + options.startTimeoutMs;
  for (;;) {
    if (done) {
      const tail = await logTail(logFile, logOffset);
      if (/could not bind|already in use|could not create any TCP\/IP sockets/i.test(tail)) {
        throw new PortInUseError(`${node}: port ${port} is in use`);
      }
      throw new Error(`${node}: postgres exited during start-up (see ${logFile}):\n${tail}`);
    }
    if (await acceptsConnections(dataDir, pid)) break;
    if (Date.now() > deadline) {
      killServer(pid);
      await exited;
      throw new Error(
        `${node}: postgres did not accept connections within ${options.startTimeoutMs} ms (see ${logFile}):\n${await logTail(logFile, logOffset)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  let stopping: Promise<void> | undefined;
  const stop = (timeoutMs = 10_000) => {
    stopping ??= (async () => {
      if (done) return;
      // Fast shutdown, to the postmaster alone as pg_ctl does (in a backend SIGINT cancels the query);
      // the postmaster waits for its children before it exits.
      sendSignal(pid, 'SIGINT');
      const timer = setTimeout(() => killServer(pid), timeoutMs);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  };
  const kill = async () => {
    if (!done) killServer(pid);
    await exited;
    await removeSharedMemory(dataDir);
  };
  return { pid, port, exited, running: () => !done, stop, kill };
}

/** postmaster.pid's 8th line is `ready` (primary) or `standby` (hot standby) once connections are accepted. */
async function acceptsConnections(dataDir: string, pid: number): Promise<boolean> {
  const lines = (await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n');
  return Number(lines[0]) === pid && ['ready', 'standby'].includes(lines[7]?.trim() ?? '');
}

/**
 * A postmaster killed with SIGKILL cannot remove its (small) System V shared memory segment; a later
 * start in the same data dir would, but a killed node's dir is wiped instead. Best effort: `ipcrm` may
 * be missing, and the segment is harmless beyond the few bytes it holds.
 */
async function removeSharedMemory(dataDir: string): Promise<void> {
  const lines = (await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n');
  const shmid = lines[6]?.trim().split(/\s+/)[1];
  if (!shmid || !/^\d+$/.test(shmid)) return;
  await new Promise<void>((resolve) => execFile('ipcrm', ['-m', shmid], () => resolve()));
}
