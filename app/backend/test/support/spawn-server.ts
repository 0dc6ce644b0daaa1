import type { ChildProcess } from 'node:child_process';
import { startNodeProcess, waitForHttp, type NodeExit } from '../../tools/node-process.js';

export interface ServerProcess {
  child: ChildProcess;
  /** Port from the "listening" log line (undefined until it is printed). */
  port: Promise<number>;
  baseUrl: Promise<string>;
  /** Every stdout/stderr line so far. */
  output: string[];
  exited: Promise<NodeExit>;
  /** SIGKILL if still running. Idempotent. */
  kill(): Promise<void>;
}

/**
 * Runs the real entry (app/backend/src/server.ts) as its own process (tools/node-process.ts). Env is
 * the given variables only (plus PATH/HOME), on PORT=0 unless set.
 */
export function spawnServer(env: Record<string, string>): ServerProcess {
  const output: string[] = [];
  let resolvePort: (port: number) => void = () => undefined;
  let rejectPort: (err: Error) => void = () => undefined;
  const port = new Promise<number>((resolve, reject) => {
    resolvePort = resolve;
    rejectPort = reject;
  });
  const server = startNodeProcess({
    name: 'server',
    entry: 'app/backend/src/server.ts',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '0', ...env },
    onLine(line) {
      output.push(line);
      const m = /"port":(\d+).*"msg":"listening"/.exec(line);
      if (m) resolvePort(Number(m[1]));
    },
  });
  void server.exited.then(({ code }) =>
    rejectPort(new Error(`server exited (code ${code}) before listening:\n${output.join('\n')}`)),
  );
  port.catch(() => undefined);
  const baseUrl = port.then((p) => `http://127.0.0.1:${p}`);
  baseUrl.catch(() => undefined); // awaited by tests that need it; an early exit is reported there
  return { child: server.child, port, baseUrl, output, exited: server.exited, kill: server.kill };
}

/** Polls `url` until `accept(status, body)` holds; bounded by `timeoutMs`. */
export function waitFor(
  url: string,
  accept: (status: number, body: string) => boolean,
  timeoutMs = 20_000,
): Promise<{ status: number; body: string }> {
  return waitForHttp(url, { accept, timeoutMs });
}
