import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLogsDir } from '../runtime/local/test/test-logs-dir.js';
import { startLocalTopology, type StartedLocalTopology } from '../runtime/local/local-topology.js';
import { fastTimings } from '../runtime/local/test/fast-timings.js';
import { findTool } from '../testing/tool.js';
import { defaultJourneyMix, k6InstallCommand, prepareShoppers, startLoad, type Shoppers } from './index.js';
import type { GeneratorChoice } from './load-options.js';
import { workDir } from './test/load-fixtures.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const k6 = findTool('k6', k6InstallCommand);

describe('Shopper load against the real shop (local profile)', () => {
  let lab: StartedLocalTopology;
  let logs: Awaited<ReturnType<typeof testLogsDir>> | undefined;
  let origin: string;
  let shoppers: Shoppers;
  let dir: Awaited<ReturnType<typeof workDir>>;

  beforeAll(async () => {
    dir = await workDir();
    logs = await testLogsDir();
    lab = await startLocalTopology({
      repoRoot,
      logsDir: logs.path,
      patch: fastTimings,
      register: false,
      // The API's per-IP limit (1000/min) would turn the load into 429s: all of it comes from 127.0.0.1.
      env: { backend: { RATE_LIMIT_MAX: '1000000' } },
    });
    origin = new URL(lab.urls.api).origin;
    shoppers = await prepareShoppers({ baseUrl: origin, count: 4, seed: 11 });
  }, 120_000);

  afterAll(async () => {
    await lab?.stop();
    await logs?.remove();
    await dir?.remove();
  });

  it('registers shoppers whose tokens the shop accepts, and lists the whole catalogue', async () => {
    expect(shoppers.users).toHaveLength(4);
    const response = await fetch(`${origin}/api/orders`, {
      headers: { authorization: `Bearer ${shoppers.users[0]!.token}` },
    });
    expect(response.status).toBe(200);
    const catalogue = (await (await fetch(`${origin}/api/products?limit=1`)).json()) as { total: number };
    expect(shoppers.products).toHaveLength(catalogue.total);
    expect(shoppers.products[0]).toEqual({
      id: expect.any(Number),
      price: expect.any(Number),
      stock: expect.any(Number),
      name: expect.any(String),
    });
  });

  const generators: [GeneratorChoice, string | undefined][] = [
    ['built-in', undefined],
    ['k6', k6.skipReason],
  ];
  for (const [generator, skipReason] of generators) {
    it.skipIf(!!skipReason)(
      `runs every journey on ${generator} through the ingress, and the shop acknowledges orders`,
      async () => {
        const load = await startLoad({
          baseUrl: origin,
          shoppers,
          rps: 25,
          journeys: { ...defaultJourneyMix, checkout: 20 },
          seed: 5,
          generator,
          maxDurationMs: 20_000,
          maxArrivals: 80,
          workDir: dir.path,
          runId: `shop-load-${randomBytes(2).toString('hex')}`,
          // The topology's processes share this machine's cores: lateness alone should not drop arrivals here.
          lateToleranceMs: 1000,
        });
        await load.finished;
        const { records, orders } = await load.stop();

        expect(records.filter((r) => r.errorKind)).toEqual([]);
        expect(new Set(records.map((r) => r.journey))).toEqual(new Set(Object.keys(defaultJourneyMix)));
        const acknowledged = orders.filter((o) => o.outcome === 'acknowledged');
        expect(acknowledged.length).toBeGreaterThan(0);
        for (const order of acknowledged) expect(order.orderId).toEqual(expect.any(Number));
        // Stock running out is the only refusal a healthy shop gives.
        for (const order of orders.filter((o) => o.outcome !== 'acknowledged')) {
          expect(order).toMatchObject({ outcome: 'rejected', status: 409 });
        }
      },
      60_000,
    );
  }
});
