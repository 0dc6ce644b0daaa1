import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import getPort from 'get-port';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventClock } from './events.js';
import { httpGetProbe, tcpSocketProbe } from './probe-check.js';
import { ContainerProber, type ContainerProberOptions } from './probes.js';
import { httpProbe } from './test/fixture-deployment.js';

/** A container stand-in: answers each path with the status the test sets, `hang` never answers. */
const statuses = new Map<string, number | 'hang'>();
const hits = new Map<string, number[]>();
let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, [...(hits.get(path) ?? []), eventClock()]);
    const status = statuses.get(path) ?? 200;
    if (status === 'hang') return;
    res.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const probers: ContainerProber[] = [];
afterEach(() => {
  for (const prober of probers.splice(0)) prober.stop();
  statuses.clear();
  hits.clear();
});

interface Recorded {
  log: string[];
  prober: ContainerProber;
}

function startProber(options: Partial<ContainerProberOptions>): Recorded {
  const log: string[] = [];
  const prober = new ContainerProber({
    target: { host: '127.0.0.1', port },
    containerStartedAt: eventClock(),
    now: eventClock,
    onProbeFailed: (probe, _message, run, threshold) => log.push(`${probe} failed ${run}/${threshold}`),
    onReadinessChanged: (ready) => log.push(ready ? 'ready' : 'unready'),
    onKillRequired: (probe) => log.push(`kill (${probe})`),
    ...options,
  });
  probers.push(prober);
  prober.start();
  return { log, prober };
}

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('probe handlers', () => {
  it('counts an HTTP answer from 200 to 399 as success, anything else as failure', async () => {
    for (const [status, ok] of [
      [200, true],
      [204, true],
      [302, true],
      [399, true],
      [400, false],
      [500, false],
      [503, false],
    ] as const) {
      statuses.set(`/s${status}`, status);
      const outcome = await httpGetProbe({ host: '127.0.0.1', port }, `/s${status}`, 1_000);
      expect({ status, ok: outcome.ok }).toEqual({ status, ok });
    }
    statuses.set('/down', 503);
    expect(await httpGetProbe({ host: '127.0.0.1', port }, '/down', 1_000)).toEqual({
      ok: false,
      message: 'HTTP probe failed with statuscode: 503',
    });
  });

  it('fails an HTTP probe that takes longer than timeoutSeconds', async () => {
    statuses.set('/slow', 'hang');
    const outcome = await httpGetProbe({ host: '127.0.0.1', port }, '/slow', 200);
    expect(outcome).toMatchObject({ ok: false, message: expect.stringMatching(/deadline exceeded/) });
  });

  it('passes a tcpSocket probe on connect and fails it when nothing listens', async () => {
    expect(await tcpSocketProbe({ host: '127.0.0.1', port }, 1_000)).toEqual({ ok: true });
    const closed = await getPort({ host: '127.0.0.1' });
    const outcome = await tcpSocketProbe({ host: '127.0.0.1', port: closed }, 1_000);
    expect(outcome).toMatchObject({ ok: false, message: expect.stringMatching(/ECONNREFUSED/) });
  });
});

describe('ContainerProber (kubelet probe semantics)', () => {
  it('starts not ready and turns ready after successThreshold consecutive successes', async () => {
    const { log, prober } = startProber({
      readiness: httpProbe('/ready', { periodSeconds: 0.05, successThreshold: 3 }),
    });
    expect(prober.ready).toBe(false);
    await until(() => log.includes('ready'), 'ready');
    expect(hits.get('/ready')?.length).toBeGreaterThanOrEqual(3);
  });

  it('turns unready only after failureThreshold consecutive failures', async () => {
    const { log } = startProber({
      readiness: httpProbe('/ready', { periodSeconds: 0.05, failureThreshold: 3 }),
    });
    await until(() => log.includes('ready'), 'ready');
    statuses.set('/ready', 503);
    await until(() => log.includes('unready'), 'unready');
    expect(log.slice(log.indexOf('ready') + 1, log.indexOf('unready'))).toEqual([
      'readiness failed 1/3',
      'readiness failed 2/3',
      'readiness failed 3/3',
    ]);
  });

  it('forgives failures that are not consecutive', async () => {
    const { log } = startProber({
      readiness: httpProbe('/ready', { periodSeconds: 0.15, failureThreshold: 2 }),
    });
    await until(() => log.includes('ready'), 'ready');
    // Alternate failure and success: the run of failures never reaches 2.
    for (let i = 0; i < 3; i++) {
      statuses.set('/ready', 503);
      await until(() => log.filter((l) => l.startsWith('readiness failed')).length > i, `failure ${i + 1}`);
      statuses.delete('/ready');
      const seen = hits.get('/ready')?.length ?? 0;
      await until(() => (hits.get('/ready')?.length ?? 0) > seen, 'a successful probe');
    }
    expect(log).not.toContain('unready');
    expect(log.filter((l) => l.startsWith('readiness failed'))).toEqual(
      Array(3).fill('readiness failed 1/2'),
    );
  });

  it('probes nothing but the startup probe until it succeeds, then readiness at once', async () => {
    statuses.set('/startup', 503);
    const { log, prober } = startProber({
      startup: httpProbe('/startup', { periodSeconds: 0.05, failureThreshold: 100 }),
      // A 30 s period: only the kubelet's trigger on startup success can make it ready within the test.
      readiness: httpProbe('/ready', { periodSeconds: 30 }),
      liveness: httpProbe('/live', { periodSeconds: 0.05 }),
    });
    await until(() => (hits.get('/startup')?.length ?? 0) >= 3, 'three startup probes');
    expect(prober.started).toBe(false);
    expect(hits.get('/ready')).toBeUndefined();
    expect(hits.get('/live')).toBeUndefined();
    statuses.delete('/startup');
    await until(() => log.includes('ready'), 'ready after startup');
    await until(() => (hits.get('/live')?.length ?? 0) > 0, 'a liveness probe');
    const startupProbes = hits.get('/startup')!.length;
    await sleep(200);
    expect(hits.get('/startup')!.length).toBe(startupProbes);
  });

  it('asks for a kill after failureThreshold liveness failures, then stops probing liveness', async () => {
    statuses.set('/live', 500);
    const { log } = startProber({
      liveness: httpProbe('/live', { periodSeconds: 0.05, failureThreshold: 2 }),
    });
    await until(() => log.includes('kill (liveness)'), 'kill');
    expect(log).toEqual(['ready', 'liveness failed 1/2', 'liveness failed 2/2', 'kill (liveness)']);
    const probes = hits.get('/live')!.length;
    await sleep(300);
    expect(hits.get('/live')!.length).toBe(probes);
  });

  it('asks for a kill when the startup probe fails failureThreshold times', async () => {
    statuses.set('/startup', 503);
    const { log } = startProber({
      startup: httpProbe('/startup', { periodSeconds: 0.05, failureThreshold: 2 }),
    });
    await until(() => log.includes('kill (startup)'), 'kill');
    expect(log).toEqual(['startup failed 1/2', 'startup failed 2/2', 'kill (startup)']);
  });

  it('does not probe before initialDelaySeconds have passed since the container started', async () => {
    const startedAt = eventClock();
    const { log } = startProber({
      containerStartedAt: startedAt,
      readiness: httpProbe('/ready', { periodSeconds: 0.05, initialDelaySeconds: 0.3 }),
    });
    await until(() => log.includes('ready'), 'ready');
    expect(hits.get('/ready')![0]! - startedAt).toBeGreaterThanOrEqual(300);
  });

  it('is ready as soon as it starts when there is no readiness probe', () => {
    const { log, prober } = startProber({ liveness: httpProbe('/live') });
    expect(prober.ready).toBe(true);
    expect(log).toEqual(['ready']);
  });
});
