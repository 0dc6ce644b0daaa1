import getPort from 'get-port';
import { startNodeProcess } from '../tools/node-process.js';

/**
 * The backend as a real child process, exactly as production starts it (`src/server.ts`), through
 * tools/node-process.ts: tsx, no build step, same speed as dist/ once started.
 */

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
  const backend = startNodeProcess({
    name: 'the backend',
    entry: 'app/backend/src/server.ts',
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    nodeArgs,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await backend.waitForHttp(`${baseUrl}/readyz`, { timeoutMs: readyTimeoutMs });
  } catch (err) {
    await backend.stop();
    throw err;
  }
  return {
    baseUrl,
    pid: backend.pid,
    recentLog: () => backend.recentLines().join('\n'),
    stop: backend.stop,
  };
}
