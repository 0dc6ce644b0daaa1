import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import getPort from 'get-port';

/**
 * The backend as a real child process, exactly as production starts it (`src/server.ts`), run through
 * tsx (`node --import tsx`): no build step, and after start-up the code runs at the same speed as the
 * compiled dist/ (tsx only transpiles at load time).
 */

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SERVER_ENTRY = 'app/backend/src/server.ts';

export interface BackendProcess {
  baseUrl: string;
  pid: number;
  /** The last lines the backend printed (for error messages). */
  recentLog(): string;
  /** SIGTERM (graceful shutdown), SIGKILL after 10 s. Idempotent. */
  stop(): Promise<void>;
}

export interface BackendProcessOptions {
  /** Extra node flags, e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] (NODE_OPTIONS refuses those). */
  nodeArgs?: string[];
  readyTimeoutMs?: number;
}

export async function startBackendProcess(
  env: Record<string, string>,
  { nodeArgs = [], readyTimeoutMs = 60_000 }: BackendProcessOptions = {},
): Promise<BackendProcess> {
  const port = await getPort({ host: '127.0.0.1' });
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', SERVER_ENTRY], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  // Always drain both pipes: a full pipe would block the backend's logger.
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 30) lines.splice(0, lines.length - 30);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = once(child, 'exit');

  let stopping: Promise<void> | undefined;
  const handle: BackendProcess = {
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    recentLog: () => lines.join('\n'),
    stop: () =>
      (stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      })()),
  };

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(
        `the backend exited with code ${child.exitCode} during start-up:\n${handle.recentLog()}`,
      );
    }
    const ready = await fetch(`${handle.baseUrl}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return handle;
    if (Date.now() > deadline) {
      await handle.stop();
      throw new Error(`the backend was not ready within ${readyTimeoutMs} ms:\n${handle.recentLog()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
