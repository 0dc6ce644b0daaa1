/**
 * Launches the real toxiproxy-server (Shopify/toxiproxy v2) from PATH for one lab run: API on
 * 127.0.0.1 and a free port, the run's label in its env, its own process group (`detached`), output
 * to `<logsDir>/toxiproxy-server.log`. Ready once `GET /version` answers; `stop()` ends the group with
 * SIGTERM, then SIGKILL after a grace period.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import getPort from 'get-port';
import { runLabel } from '../runtime/shared/run-label.js';
import { which } from '../testing/tool.js';

/** How CI (.ci/run) and developers get the real server; v2.12.0 is the newest the Go proxy serves that builds with Go 1.26. */
export const toxiproxyInstallCommand =
  'GOTOOLCHAIN=local go install github.com/Shopify/toxiproxy/v2/cmd/server@v2.12.0 && ' +
  'cp "$(go env GOPATH)/bin/server" /usr/local/bin/toxiproxy-server';

export interface RealToxiproxyOptions {
  runId: string;
  /** Directory for `toxiproxy-server.log` (created when missing). */
  logsDir: string;
  /** The executable, looked up on PATH unless it is a path (default `toxiproxy-server`). */
  command?: string;
  /** How long to wait for `/version` to answer (default 10 s). */
  startTimeoutMs?: number;
}

export interface StartedRealToxiproxy {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  /**
   * The release, e.g. `2.12.0`: what `/version` says, or for a `go install` build (whose `/version` says
   * `git`: the tag is set by release builds only) the module version recorded in the binary.
   */
  readonly version: string;
  readonly logFile: string;
  /** Ends the server's process group; idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const stopGraceMs = 5_000;
const portAttempts = 3;

export function findRealToxiproxy(command = 'toxiproxy-server'): string | undefined {
  return which(command);
}

export async function startRealToxiproxy(options: RealToxiproxyOptions): Promise<StartedRealToxiproxy> {
  const command = options.command ?? 'toxiproxy-server';
  const executable = findRealToxiproxy(command);
  if (!executable) {
    throw new Error(
      `${command} is not on PATH, so the real Toxiproxy cannot start; install it with: ${toxiproxyInstallCommand}`,
    );
  }
  mkdirSync(options.logsDir, { recursive: true });
  const logFile = join(options.logsDir, 'toxiproxy-server.log');
  const failures: string[] = [];
  // get-port checks the port is free, but another process may take it before the server binds: retry.
  for (let attempt = 1; attempt <= portAttempts; attempt += 1) {
    const port = await getPort({ host: '127.0.0.1' });
    const child = launch(executable, port, options.runId, logFile);
    const outcome = await waitUntilReady(child, port, options.startTimeoutMs ?? 10_000);
    if ('version' in outcome) {
      const version =
        outcome.version === 'git' ? ((await moduleVersion(executable)) ?? 'git') : outcome.version;
      return startedHandle(child, port, version, logFile);
    }
    await killGroup(child);
    failures.push(`attempt ${attempt} on port ${port}: ${outcome.failure}`);
    const log = await readFile(logFile, 'utf8').catch(() => '');
    if (!log.includes('address already in use')) break;
  }
  const tail = (await readFile(logFile, 'utf8').catch(() => '')).trim().split('\n').slice(-5).join('\n');
  throw new Error(
    `toxiproxy-server (${executable}) did not start: ${failures.join('; ')}. Last log lines (${logFile}):\n${tail}`,
  );
}

/** The toxiproxy module version in a Go binary's build info (what `go version -m` prints), without the `v`. */
async function moduleVersion(executable: string): Promise<string | undefined> {
  const binary = await readFile(executable).catch(() => undefined);
  const marker = Buffer.from('mod\tgithub.com/Shopify/toxiproxy/v2\tv');
  const at = binary?.indexOf(marker) ?? -1;
  if (!binary || at < 0) return undefined;
  const version = /^[0-9A-Za-z.+-]+/.exec(
    binary.subarray(at + marker.length, at + marker.length + 64).toString('latin1'),
  );
  return version?.[0];
}

function launch(executable: string, port: number, runId: string, logFile: string): ChildProcess {
  const log = openSync(logFile, 'a');
  try {
    const child = spawn(executable, ['-host', '127.0.0.1', '-port', String(port)], {
      env: { ...process.env, LOG_LEVEL: 'info', ...runLabel(runId) },
      detached: true,
      stdio: ['ignore', log, log],
    });
    child.on('error', () => {}); // reported through waitUntilReady (the exit or the timeout)
    return child;
  } finally {
    closeSync(log);
  }
}

type ReadyOutcome = { version: string } | { failure: string };

async function waitUntilReady(child: ChildProcess, port: number, timeoutMs: number): Promise<ReadyOutcome> {
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${signal ?? `code ${code}`}`));
  child.once('error', (error) => (exited = `could not be started: ${error.message}`));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) return { failure: exited };
    try {
      const response = await fetch(`http://127.0.0.1:${port}/version`, {
        signal: AbortSignal.timeout(1_000),
      });
      if (response.ok) return { version: ((await response.json()) as { version: string }).version };
    } catch {
      // Not listening yet.
    }
    await delay(50);
  }
  return { failure: exited ?? `GET /version did not answer within ${timeoutMs} ms` };
}

async function killGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals): void => {
    try {
      process.kill(-(child.pid as number), name);
    } catch {
      // The group is already gone.
    }
  };
  signal('SIGTERM');
  const graceful = await Promise.race([exited.then(() => true), delay(stopGraceMs).then(() => false)]);
  if (!graceful) {
    signal('SIGKILL');
    await exited;
  }
}

function startedHandle(
  child: ChildProcess,
  port: number,
  version: string,
  logFile: string,
): StartedRealToxiproxy {
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopped ??= killGroup(child));
  const host = '127.0.0.1';
  return {
    url: `http://${host}:${port}`,
    host,
    port,
    pid: child.pid as number,
    version,
    logFile,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
