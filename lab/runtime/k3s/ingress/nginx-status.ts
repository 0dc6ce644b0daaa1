import { get } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Reads nginx's loopback status server (rendered by nginx-conf.ts). A fresh connection every time
 * (agent: false): after a reload only new connections reach the new workers.
 */
function fetchText(port: number, path: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () =>
      req.destroy(new Error(`no answer from 127.0.0.1:${port}${path} in ${timeoutMs} ms`)),
    );
    req.on('error', reject);
  });
}

/** The checksum of the configuration nginx's workers run now, or undefined when nginx does not answer. */
export async function liveChecksum(statusPort: number): Promise<string | undefined> {
  try {
    const { status, body } = await fetchText(statusPort, '/configuration/checksum', 1_000);
    return status === 200 ? body.trim() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * nginx's master starts the new workers, sleeps 100 ms, and only then tells the old ones to stop
 * accepting (ngx_master_process_cycle), so for a moment both take new connections. Waiting this much
 * after the first new answer leaves the old workers out.
 */
const workerOverlapMs = 150;

/**
 * Waits until nginx serves only the configuration with `checksum` (a reload is a signal: nginx has
 * taken it once new workers answer and the old ones no longer accept). Polls every 10 ms; throws
 * after `timeoutMs`.
 */
export async function waitForChecksum(
  statusPort: number,
  checksum: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen: string | undefined;
  let firstSeenAt: number | undefined;
  while (Date.now() < deadline) {
    seen = await liveChecksum(statusPort);
    if (seen !== checksum) firstSeenAt = undefined;
    else if (firstSeenAt === undefined) firstSeenAt = Date.now();
    else if (Date.now() - firstSeenAt >= workerOverlapMs) return;
    await sleep(10);
  }
  throw new Error(
    `nginx did not load configuration ${checksum.slice(0, 12)} within ${timeoutMs} ms (it serves ${seen?.slice(0, 12) ?? 'nothing'})`,
  );
}
