import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startIngressProxy } from '../runtime/local/network/ingress-proxy.js';
import { startServiceProxy } from '../runtime/local/network/service-proxy.js';
import { shopIngress } from '../runtime/local/network/test-upstreams.js';
import { newRunId, runLabel } from '../runtime/shared/run-label.js';
import { ServiceEndpoints, type Endpoint } from '../runtime/local/service-endpoints.js';

/**
 * `npx tsx lab/bench/ingress-overhead.ts` (npm run bench:ingress): what the lab's network path adds to a
 * request, at p50 and p99, against calling one pod directly. Three processes, as in a running lab: the
 * pods (three trivial HTTP servers), the lab's proxies (Service proxy and ingress), and this one, which
 * drives a fixed request rate with autocannon. Latencies come from autocannon's per-response timings
 * (float ms); its own histogram keeps whole milliseconds, too coarse for a 1 ms budget.
 *
 * One connection by default: autocannon's rate limit lets each connection send its per-second quota back
 * to back and then pause, so with N connections every second starts with an N-deep burst, and p50 then
 * measures queueing behind that burst (throughput) rather than what one request pays at a moderate rate.
 * With one connection each request meets an idle path, as requests spread over the second would.
 * `CONNECTIONS=10` shows the burst figure.
 * Env: RATE (requests/s, default 500), SECONDS (per target, default 10), CONNECTIONS (default 1).
 */
const rate = Number(process.env.RATE ?? 500);
const seconds = Number(process.env.SECONDS ?? 10);
const connections = Number(process.env.CONNECTIONS ?? 1);
const warmUpSeconds = 3;
const self = fileURLToPath(import.meta.url);

/** Role `pods`: three pods answering a small JSON body, like a cheap API route. */
async function runPods(): Promise<void> {
  const endpoints: Endpoint[] = [];
  for (const pod of ['backend-a', 'backend-b', 'backend-c']) {
    const body = JSON.stringify({ status: 'ok', pod });
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoints.push({ pod, host: '127.0.0.1', port: (server.address() as AddressInfo).port });
  }
  process.stdout.write(`${JSON.stringify(endpoints)}\n`);
}

/** Role `proxies`: the Service proxy and the ingress over the pods, plus an ingress that goes through the Service proxy. */
async function runProxies(endpoints: Endpoint[]): Promise<void> {
  const backend = new ServiceEndpoints('backend');
  for (const endpoint of endpoints) backend.add(endpoint);
  const service = await startServiceProxy({ service: backend });
  const ingress = await startIngressProxy({
    ingress: shopIngress(),
    services: new Map([['backend', backend]]),
  });
  const viaService = new ServiceEndpoints('backend');
  viaService.add({ pod: 'service-proxy', host: service.host, port: service.port });
  const chained = await startIngressProxy({
    ingress: shopIngress(),
    services: new Map([['backend', viaService]]),
  });
  process.stdout.write(
    `${JSON.stringify({ service: `http://${service.address}`, ingress: ingress.url, chained: chained.url })}\n`,
  );
}

function startRole(
  role: string,
  runId: string,
  arg?: string,
): { child: ChildProcess; ready: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', self, role, ...(arg ? [arg] : [])], {
    env: { ...process.env, ...runLabel(runId) },
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) =>
      reject(new Error(`bench role "${role}" exited with ${code} before it was ready`)),
    );
  });
  return { child, ready };
}

interface Figures {
  p50: number;
  p99: number;
  requests: number;
  errors: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function measure(url: string, durationSeconds: number): Promise<Figures> {
  const samples: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: `${url}/api/products`, connections, overallRate: rate, duration: durationSeconds },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === 200) samples.push(responseTime);
    });
  });
  samples.sort((a, b) => a - b);
  return {
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    requests: samples.length,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

async function main(): Promise<void> {
  const runId = newRunId();
  const children: ChildProcess[] = [];
  try {
    const pods = startRole('pods', runId);
    children.push(pods.child);
    const endpointsJson = await pods.ready;
    const endpoints = JSON.parse(endpointsJson) as Endpoint[];
    const proxies = startRole('proxies', runId, endpointsJson);
    children.push(proxies.child);
    const urls = JSON.parse(await proxies.ready) as { service: string; ingress: string; chained: string };

    const targets: [string, string][] = [
      ['direct to one pod', `http://${endpoints[0]!.host}:${endpoints[0]!.port}`],
      ['Service proxy (L4)', urls.service],
      ['ingress → pods', urls.ingress],
      ['ingress → Service proxy → pods', urls.chained],
    ];
    console.log(
      `${rate} req/s over ${connections} connections, ${seconds} s per target (after ${warmUpSeconds} s warm-up)`,
    );
    let direct: Figures | undefined;
    for (const [name, url] of targets) {
      await measure(url, warmUpSeconds);
      const figures = await measure(url, seconds);
      direct ??= figures;
      const delta = figures.p50 - direct.p50;
      console.log(
        `${name.padEnd(32)} p50 ${figures.p50.toFixed(3)} ms  p99 ${figures.p99.toFixed(3)} ms  ` +
          `Δp50 ${delta >= 0 ? '+' : ''}${delta.toFixed(3)} ms  (${figures.requests} ok, ${figures.errors} errors)`,
      );
    }
  } finally {
    for (const child of children) {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

const [role, arg] = process.argv.slice(2);
if (role === 'pods') await runPods();
else if (role === 'proxies') await runProxies(JSON.parse(arg ?? '[]') as Endpoint[]);
else await main();
