import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const serverEntry = path.join(repoRoot, 'app/backend/src/server.ts');

export interface ServerProcess {
  child: ChildProcess;
  /** Port from the "listening" log line (undefined until it is printed). */
  port: Promise<number>;
  baseUrl: Promise<string>;
  /** Every stdout/stderr line so far. */
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL if still running. Idempotent. */
  kill(): Promise<void>;
}

/**
 * Runs the real entry (app/backend/src/server.ts) as its own process: `node --import tsx`, not
 * `npx tsx`, so signals reach the server itself rather than a wrapper process. Env is the given
 * variables only (plus PATH/HOME), on PORT=0 unless set.
 */
export function spawnServer(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', serverEntry], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let resolvePort: (port: number) => void;
  let rejectPort: (err: Error) => void;
  const port = new Promise<number>((resolve, reject) => {
    resolvePort = resolve;
    rejectPort = reject;
  });
  port.catch(() => undefined);
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      output.push(line);
      const m = /"port":(\d+).*"msg":"listening"/.exec(line);
      if (m) resolvePort(Number(m[1]));
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      rejectPort(new Error(`server exited (code ${code}) before listening:\n${output.join('\n')}`));
      resolve({ code, signal });
    }),
  );
  const baseUrl = port.then((p) => `http://127.0.0.1:${p}`);
  baseUrl.catch(() => undefined); // awaited by tests that need it; an early exit is reported there
  return {
    child,
    port,
    baseUrl,
    output,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Polls `url` until `accept(status, body)` holds; bounded by `timeoutMs`. */
export async function waitFor(
  url: string,
  accept: (status: number, body: string) => boolean,
  timeoutMs = 20_000,
): Promise<{ status: number; body: string }> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
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
  throw new Error(`${url} did not reach the expected state within ${timeoutMs} ms; last: ${last}`);
}
