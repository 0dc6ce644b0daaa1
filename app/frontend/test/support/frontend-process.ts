import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const serverEntry = path.join(repoRoot, 'app/frontend/server/server.ts');
const tsxLoader = pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;

export interface FrontendProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  readonly exited: Promise<number | string>;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Ends the process (SIGKILL) if it is still running and removes its temp dir. Idempotent. */
  kill(): Promise<void>;
}

/**
 * Runs the real storefront server entry (server.ts through tsx) as a child process, from an empty
 * temp dir as its cwd, so the tests also show public/ is found relative to the code, not the cwd.
 */
export function spawnFrontend(env: Record<string, string>): FrontendProcess {
  const cwd = mkdtempSync(path.join(tmpdir(), 'dhakacart-frontend-'));
  const child = spawn(process.execPath, ['--import', tsxLoader, serverEntry], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  let removed = false;
  return {
    child,
    exited,
    output: () => output,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      if (!removed) rmSync(cwd, { recursive: true, force: true });
      removed = true;
    },
  };
}

/** Waits (at most `timeoutMs`) for the "storefront listening on <url>" log line and returns the URL. */
export async function waitForListening(frontend: FrontendProcess, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /storefront listening on (http:\/\/[^"\s]+)/.exec(frontend.output());
    if (match?.[1]) return match[1];
    if (frontend.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `The frontend process did not start listening in ${timeoutMs} ms. Output:\n${frontend.output()}`,
  );
}
