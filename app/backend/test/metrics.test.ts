import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('/metrics', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ appVersion: '1.2.3' });
  });
  afterAll(() => app?.close());

  it('exposes the metric names dashboards and alerts rely on', async () => {
    await fetch(`${app.baseUrl}/api/products/1`);
    await fetch(`${app.baseUrl}/api/definitely/not/a/route`);
    const res = await fetch(`${app.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();

    expect(text).toMatch(
      /^http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/api\/products\/:id",status_code="200"\} \d+$/m,
    );
    expect(text).toMatch(
      /^http_request_duration_seconds_bucket\{le="5",method="GET",route="unmatched",status_code="404"\} 1$/m,
    );
    for (const outcome of ['created', 'replayed', 'insufficient_stock', 'rejected', 'error']) {
      expect(text).toContain(`dhakacart_orders_total{outcome="${outcome}"}`);
    }
    for (const state of ['total', 'idle', 'waiting']) {
      expect(text).toMatch(new RegExp(`^dhakacart_db_pool_connections\\{state="${state}"\\} \\d+$`, 'm'));
    }
    expect(text).toMatch(/^dhakacart_ready 1$/m);
    expect(text).toMatch(/^dhakacart_build_info\{version="1\.2\.3"\} 1$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('counts orders through the counter handed to the routers in deps', async () => {
    app.deps.metrics.ordersCreated.inc({ outcome: 'created' });
    const text = await (await fetch(`${app.baseUrl}/metrics`)).text();
    expect(text).toMatch(/^dhakacart_orders_total\{outcome="created"\} [1-9]\d*$/m);
  });

  it('reports the version on /healthz and in X-App-Version', async () => {
    const res = await fetch(`${app.baseUrl}/healthz`);
    expect(await res.json()).toEqual({ status: 'ok', version: '1.2.3' });
    expect(res.headers.get('x-app-version')).toBe('1.2.3');
  });
});
