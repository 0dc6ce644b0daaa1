import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/**
 * One of the shop's TypeScript entries (backend or storefront server) as a child process, the way
 * `npm run shop`, the shop bench and the backend's process tests start it. `node --import tsx`, not
 * `npx tsx`: one process, so signals reach the server itself rather than a wrapper; no build step,
 * and after start-up the code runs as fast as the compiled dist/ (tsx only transpiles at load time).
 */

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface NodeProcessOptions {
  /** Names the process in error messages, e.g. 'backend'. */
  name: string;
  /** Entry file relative to the repo root, e.g. 'app/backend/src/server.ts'. */
  entry: string;
  /** The child's whole environment (spread `process.env` in to inherit it). */
  env: NodeJS.ProcessEnv;
  /** Extra node flags, e.g. ['--cpu-prof'] (NODE_OPTIONS refuses some). */
  nodeArgs?: string[];
  /**
   * 'pipe' (default): stdout and stderr are always drained (a full pipe would block the child's
   * logger) into `recentLines()` and `onLine`. 'inherit': they go to this process's terminal.
   */
  output?: 'pipe' | 'inherit';
  /** How many recent lines `recentLines()` keeps (default 30). */
  keepLines?: number;
  /** Receives every stdout/stderr line (with output 'pipe'). */
  onLine?: (line: string) => void;
  /** `stop()` sends SIGKILL when SIGTERM has not ended the process within this time (default 10 s). */
  stopGraceMs?: number;
}

export interface NodeExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface NodeProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  /** Resolves when the process has exited (never rejects). */
  exited: Promise<NodeExit>;
  running(): boolean;
  /** The last lines printed (empty with output 'inherit'). */
  recentLines(): string[];
  /** Polls `url` until it answers as wanted; throws naming the exit code if the process exits first. */
  waitForHttp(url: string, options?: WaitForHttpOptions): Promise<HttpAnswer>;
  /** SIGTERM (graceful shutdown), SIGKILL after `stopGraceMs`. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL now if still running, then wait for the exit. Idempotent. */
  kill(): Promise<void>;
}

export function startNodeProcess(options: NodeProcessOptions): NodeProcess {
  const { name, entry, env, nodeArgs = [], output = 'pipe', keepLines = 30, onLine } = options;
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', output, output],
  });

  // A few lines of ring buffer rather than a dependency.
  const lines: string[] = [];
  const keep = (line: string) => {
    lines.push(line);
    if (lines.length > keepLines) lines.shift();
    onLine?.(line);
  };
  // readline joins lines split across chunks, so no line reaches `onLine` in pieces.
  const outputClosed = Promise.all(
    [child.stdout, child.stderr].map((stream) => {
      if (!stream) return;
      const reader = createInterface({ input: stream, crlfDelay: Infinity }).on('line', keep);
      return once(reader, 'close');
    }),
  );

  const exited = new Promise<NodeExit>((resolve) => {
    // Wait (briefly: a grandchild may hold the pipes) for the last lines, so that whoever awaits
    // `exited` sees the whole output.
    child.once('exit', (code, signal) => {
      const outputOrTimeout = Promise.race([outputClosed, sleep(1000, undefined, { ref: false })]);
      void outputOrTimeout.then(() => resolve({ code, signal }));
    });
    // Spawn failures emit 'error' and maybe no 'exit'; an unhandled 'error' would crash the parent.
    child.once('error', (err) => {
      keep(`${name}: ${err.message}`);
      resolve({ code: child.exitCode, signal: child.signalCode });
    });
  });
  const running = () => child.exitCode === null && child.signalCode === null && child.pid !== undefined;

  let stopping: Promise<void> | undefined;
  const handle: NodeProcess = {
    name,
    child,
    pid: child.pid ?? -1,
    exited,
    running,
    recentLines: () => [...lines],
    waitForHttp: (url, waitOptions) => waitForHttp(url, { ...waitOptions, process: handle }),
    stop: () =>
      (stopping ??= (async () => {
        if (!running()) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), options.stopGraceMs ?? 10_000);
        await exited;
        clearTimeout(timer);
      })()),
    async kill() {
      if (running()) child.kill('SIGKILL');
      await exited;
    },
  };
  return handle;
}

export interface WaitForHttpOptions {
  /** The answer waited for (default: status 200). */
  accept?: (status: number, body: string) => boolean;
  /** Give up after this long (default 60 s). */
  timeoutMs?: number;
  /** Fail fast when this process exits while waiting; its last lines go into the error. */
  process?: NodeProcess;
}

export interface HttpAnswer {
  status: number;
  body: string;
}

/** Polls `url` (every 100 ms, 2 s per request) until `accept(status, body)` holds. */
export async function waitForHttp(url: string, options: WaitForHttpOptions = {}): Promise<HttpAnswer> {
  const { accept = (status) => status === 200, timeoutMs = 60_000, process: child } = options;
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child && !child.running()) {
      const { code, signal } = await child.exited;
      const how = signal ? `on signal ${signal}` : `with code ${code}`;
      throw new Error(`${child.name} exited ${how} before ${url} answered${lastLines(child)}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      const body = await res.text();
      if (accept(res.status, body)) return { status: res.status, body };
      last = `${res.status} ${body}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const what = child ? `${child.name} at ${url}` : url;
  throw new Error(
    `${what} did not reach the expected state within ${timeoutMs} ms; last answer: ${last}` +
      (child ? lastLines(child) : ''),
  );
}

function lastLines(child: NodeProcess): string {
  const lines = child.recentLines();
  return lines.length > 0 ? `; its last lines:\n${lines.join('\n')}` : '';
}
