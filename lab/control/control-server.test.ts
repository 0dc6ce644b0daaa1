import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ErrorBody } from './control-api.js';
import { ControlApiError, ControlClient, LabUnreachableError } from './control-client.js';
import { startControlServer, type StartedControlServer } from './control-server.js';
import { handleDownRequestsWith } from './down-requests.js';
import { LabRegistry } from './lab-registry.js';
import { RecordingController } from './test-support/recording-controller.js';

let controller: RecordingController;
let server: StartedControlServer;

beforeEach(async () => {
  controller = new RecordingController('run-1');
  server = await startControlServer(controller, { runId: 'run-1', registry: false });
});
afterEach(async () => {
  await server.stop();
});

/** A raw request, so the tests see status codes and bodies exactly as any client would. */
async function call(method: string, path: string, body?: unknown, token: string | null = server.token) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(token !== null && { authorization: `Bearer ${token}` }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as ErrorBody & Record<string, unknown> };
}

describe('ControlServer', () => {
  it('listens on 127.0.0.1 with a long random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.token.length).toBeGreaterThanOrEqual(40);
  });

  it.each([
    ['no token', null],
    ['a wrong token', 'not-the-token'],
  ])('answers 401 unauthorized to every route with %s, and calls nothing', async (_name, token) => {
    for (const [method, path] of [
      ['GET', '/status'],
      ['POST', '/faults/pod-kill'],
      ['POST', '/faults/db-failover'],
      ['POST', '/faults/latency'],
      ['DELETE', '/faults'],
      ['POST', '/down'],
    ] as const) {
      const { status, body } = await call(method, path, method === 'POST' ? {} : undefined, token);
      expect(status, `${method} ${path}`).toBe(401);
      expect(body.error.code).toBe('unauthorized');
      expect(body.error.message).toContain('Authorization: Bearer <token>');
    }
    expect(controller.calls).toEqual([]);
  });

  it("GET /status returns the controller's status", async () => {
    const { status, body } = await call('GET', '/status');
    expect(status).toBe(200);
    expect(body).toEqual(controller.status());
  });

  it('POST /faults/pod-kill kills by Deployment or by pod name and returns the pod', async () => {
    const byDeployment = await call('POST', '/faults/pod-kill', { deployment: 'frontend' });
    expect(byDeployment).toEqual({ status: 200, body: { pod: 'frontend-6d4cf56db6-a1b2c' } });
    const byPod = await call('POST', '/faults/pod-kill', { pod: 'backend-6d4cf56db6-d3e4f' });
    expect(byPod).toEqual({ status: 200, body: { pod: 'backend-6d4cf56db6-d3e4f' } });
    expect(controller.calls).toEqual([
      { method: 'killPod', target: { deployment: 'frontend' } },
      { method: 'killPod', target: { pod: 'backend-6d4cf56db6-d3e4f' } },
    ]);
  });

  it.each([
    { body: {}, field: 'body', says: 'give exactly one of "pod" (a pod name) or "deployment"' },
    {
      body: { pod: 'backend-6d4cf56db6-a1b2c', deployment: 'backend' },
      field: 'body',
      says: 'exactly one of',
    },
    {
      body: { deployment: 'worker' },
      field: 'deployment',
      says: "no deployment named 'worker'; deployments now: backend, frontend",
    },
    {
      body: { pod: 'backend-0' },
      field: 'pod',
      says: "no pod named 'backend-0'; pods now: backend-6d4cf56db6-a1b2c, ",
    },
    { body: { pod: 'Backend_1' }, field: 'pod', says: 'must be a Kubernetes name' },
    { body: { deployment: 'backend', force: true }, field: 'force', says: 'is not a field of this request' },
  ])('POST /faults/pod-kill $body answers 400 naming $field', async ({ body, field, says }) => {
    const response = await call('POST', '/faults/pod-kill', body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details).toContainEqual({ field, message: expect.stringContaining(says) });
    expect(response.body.error.message).toContain(`${field}: `);
    expect(controller.calls).toEqual([]);
  });

  it('POST /faults/pod-pause freezes a pod by name or Deployment, for a time or until resumed', async () => {
    expect(await call('POST', '/faults/pod-pause', { pod: 'backend-6d4cf56db6-g5h6i' })).toEqual({
      status: 200,
      body: { pod: 'backend-6d4cf56db6-g5h6i' },
    });
    expect(await call('POST', '/faults/pod-pause', { deployment: 'frontend', forMs: 1500 })).toEqual({
      status: 200,
      body: { pod: 'frontend-6d4cf56db6-a1b2c' },
    });
    expect((await call('GET', '/status')).body.deployments).toContainEqual(
      expect.objectContaining({
        name: 'backend',
        pods: expect.arrayContaining([
          expect.objectContaining({ name: 'backend-6d4cf56db6-g5h6i', paused: expect.any(Object) }),
        ]),
      }),
    );
    expect(await call('POST', '/faults/pod-resume', { pod: 'backend-6d4cf56db6-g5h6i' })).toEqual({
      status: 200,
      body: { pod: 'backend-6d4cf56db6-g5h6i', resumed: true },
    });
    expect(controller.calls).toEqual([
      { method: 'pausePod', target: { pod: 'backend-6d4cf56db6-g5h6i' }, forMs: undefined },
      { method: 'pausePod', target: { deployment: 'frontend' }, forMs: 1500 },
      { method: 'resumePod', pod: 'backend-6d4cf56db6-g5h6i' },
    ]);
  });

  it.each([
    { body: { deployment: 'backend', forMs: 0 }, field: 'forMs', says: 'forMs must be 1 or more' },
    { body: { deployment: 'backend', forMs: 1.5 }, field: 'forMs', says: 'whole number' },
    { body: { pod: 'backend-nope' }, field: 'pod', says: "no pod named 'backend-nope'" },
    { body: { forMs: 100 }, field: 'body', says: 'give exactly one of "pod"' },
  ])('POST /faults/pod-pause answers 400 on $field ($says)', async ({ body, field, says }) => {
    const response = await call('POST', '/faults/pod-pause', body);
    expect(response.status).toBe(400);
    expect(response.body.error.details).toContainEqual({ field, message: expect.stringContaining(says) });
    expect(controller.calls).toEqual([]);
  });

  it('POST /faults/kill-all-but-one kills all pods but the one to keep, which must be a pod of the Deployment', async () => {
    expect(
      await call('POST', '/faults/kill-all-but-one', {
        deployment: 'backend',
        keep: 'backend-6d4cf56db6-d3e4f',
      }),
    ).toEqual({
      status: 200,
      body: {
        killed: ['backend-6d4cf56db6-a1b2c', 'backend-6d4cf56db6-g5h6i'],
        survivor: 'backend-6d4cf56db6-d3e4f',
      },
    });
    const wrongKeep = await call('POST', '/faults/kill-all-but-one', {
      deployment: 'backend',
      keep: 'frontend-6d4cf56db6-d3e4f',
    });
    expect(wrongKeep.status).toBe(400);
    expect(wrongKeep.body.error.details).toEqual([
      { field: 'keep', message: expect.stringContaining('is not a pod of Deployment backend') },
    ]);
    const unknown = await call('POST', '/faults/kill-all-but-one', { deployment: 'worker' });
    expect(unknown.status).toBe(400);
    expect(controller.calls).toEqual([
      { method: 'killAllButOne', deployment: 'backend', keep: 'backend-6d4cf56db6-d3e4f' },
    ]);
  });

  it('POST /deployments/NAME/rollout rolls a version out and answers when it is complete', async () => {
    expect(
      await call('POST', '/deployments/backend/rollout', { version: 'v2.1', env: { FEATURE_X: 'on' } }),
    ).toEqual({ status: 200, body: { from: '6d4cf56db6', to: '7f9b8c5d4e', version: 'v2.1' } });
    const badVersion = await call('POST', '/deployments/backend/rollout', { version: 'v 2' });
    expect(badVersion.status).toBe(400);
    expect(badVersion.body.error.details).toEqual([
      { field: 'version', message: expect.stringContaining('version must be') },
    ]);
    const unknown = await call('POST', '/deployments/worker/rollout', {});
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain("no deployment named 'worker'");
    expect(controller.calls).toEqual([
      { method: 'rollout', deployment: 'backend', change: { version: 'v2.1', env: { FEATURE_X: 'on' } } },
    ]);
  });

  it('answers 400 invalid_json to a body that is not JSON', async () => {
    const { status, body } = await call('POST', '/faults/pod-kill', '{"pod": ');
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_json');
  });

  it('POST /faults/db-failover returns the failover timeline', async () => {
    const { status, body } = await call('POST', '/faults/db-failover');
    expect(status).toBe(200);
    expect(body).toMatchObject({ oldPrimary: 'postgres-0', newPrimary: 'postgres-1' });
    expect(controller.calls).toEqual([{ method: 'failoverDatabase' }]);
  });

  it('POST /faults/network adds a toxic, filling in stream downstream and toxicity 1', async () => {
    const { status, body } = await call('POST', '/faults/network', {
      link: 'backend-database',
      type: 'timeout',
      attributes: { timeout: 0 },
    });
    expect(status).toBe(200);
    expect(body).toEqual({ name: 'timeout_downstream' });
    expect(controller.calls).toEqual([
      {
        method: 'addNetworkFault',
        fault: {
          link: 'backend-database',
          type: 'timeout',
          attributes: { timeout: 0 },
          stream: 'downstream',
          toxicity: 1,
        },
      },
    ]);
  });

  it('POST /faults/network answers 400 naming an unknown toxic type or attribute, and what is allowed', async () => {
    const badType = await call('POST', '/faults/network', { link: 'backend-database', type: 'explode' });
    expect(badType.status).toBe(400);
    expect(JSON.stringify(badType.body)).toContain('must be one of: latency, bandwidth');
    const badAttribute = await call('POST', '/faults/network', {
      link: 'backend-database',
      type: 'bandwidth',
      attributes: { speed: 10 },
    });
    expect(badAttribute.status).toBe(400);
    expect(badAttribute.body.error.details).toEqual([
      { field: 'attributes.speed', message: 'bandwidth has no attribute "speed"; its attributes are: rate' },
    ]);
    expect(controller.calls).toEqual([]);
  });

  it('POST /database/reclone-standby re-clones the standby and names it', async () => {
    const { status, body } = await call('POST', '/database/reclone-standby');
    expect(status).toBe(200);
    expect(body).toEqual({ standby: 'postgres-0' });
    expect(controller.calls).toEqual([{ method: 'recloneStandby' }]);
  });

  it('POST /faults/latency adds latency (jitter defaults to 0) and returns it as applied', async () => {
    const { status, body } = await call('POST', '/faults/latency', {
      link: 'backend-database',
      latencyMs: 150,
    });
    expect(status).toBe(200);
    expect(body).toEqual({ link: 'backend-database', latencyMs: 150, jitterMs: 0 });
    expect(controller.calls).toEqual([{ method: 'addLatency', fault: body }]);
  });

  it.each([
    {
      body: { link: 'frontend-backend', latencyMs: 10 },
      field: 'link',
      says: 'must be one of: ingress-backend, backend-database',
    },
    {
      body: { link: 'backend-database' },
      field: 'latencyMs',
      says: 'latencyMs must be a number of milliseconds',
    },
    { body: { link: 'backend-database', latencyMs: -1 }, field: 'latencyMs', says: 'must be 0 or more' },
    { body: { link: 'backend-database', latencyMs: 1.5 }, field: 'latencyMs', says: 'whole number' },
    {
      body: { link: 'backend-database', latencyMs: 10, jitterMs: 600_000 },
      field: 'jitterMs',
      says: 'at most 60000 ms',
    },
  ])('POST /faults/latency $body answers 400 naming $field', async ({ body, field, says }) => {
    const response = await call('POST', '/faults/latency', body);
    expect(response.status).toBe(400);
    expect(response.body.error.details).toContainEqual({ field, message: expect.stringContaining(says) });
    expect(controller.calls).toEqual([]);
  });

  it('DELETE /faults clears one link or all of them', async () => {
    expect(await call('DELETE', '/faults?link=backend-database')).toEqual({
      status: 200,
      body: { cleared: ['backend-database'] },
    });
    expect(await call('DELETE', '/faults')).toEqual({
      status: 200,
      body: { cleared: ['ingress-backend', 'backend-database'] },
    });
    expect(controller.calls).toEqual([
      { method: 'clearFaults', link: 'backend-database' },
      { method: 'clearFaults', link: undefined },
    ]);
    const bad = await call('DELETE', '/faults?link=everything');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toContainEqual({
      field: 'link',
      message: 'must be one of: ingress-backend, backend-database',
    });
  });

  it('POST /down answers 202 first, then stops the controller', async () => {
    const { status, body } = await call('POST', '/down');
    expect(status).toBe(202);
    expect(body).toEqual({ stopping: true, runId: 'run-1', pid: process.pid });
    await expect.poll(() => controller.calls).toEqual([{ method: 'stop' }]);
  });

  it('POST /down goes to the process down handler when one is registered (lab up registers its teardown)', async () => {
    const requests: string[] = [];
    const release = handleDownRequestsWith(() => requests.push('down'));
    try {
      expect((await call('POST', '/down')).status).toBe(202);
      await expect.poll(() => requests).toEqual(['down']);
      expect(controller.calls).toEqual([]);
    } finally {
      release();
    }
  });

  it('answers 500 with the controller error message (never a stack) when a fault fails', async () => {
    controller.failNext = new Error('toxiproxy refused: proxy backend-database is disabled');
    const { status, body } = await call('POST', '/faults/db-failover');
    expect(status).toBe(500);
    expect(body).toEqual({
      error: { code: 'controller_failed', message: 'toxiproxy refused: proxy backend-database is disabled' },
    });
  });

  it('answers 409 when the controller refuses with a setup-type error (exitCode 2)', async () => {
    controller.failNext = Object.assign(new Error('no standby to promote'), { exitCode: 2 });
    const { status, body } = await call('POST', '/faults/db-failover');
    expect(status).toBe(409);
    expect(body.error).toEqual({ code: 'rejected', message: 'no standby to promote' });
  });

  it('answers 404 naming an unknown route', async () => {
    const { status, body } = await call('POST', '/faults/cpu-hog', {});
    expect(status).toBe(404);
    expect(body.error.message).toContain('no route POST /faults/cpu-hog');
  });

  it('stop() is idempotent and closes the port', async () => {
    await Promise.all([server.stop(), server.stop()]);
    await expect(fetch(`${server.url}/status`)).rejects.toThrow();
  });
});

describe('ControlServer registration', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lab-control-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('registers the lab with its URL and token while it runs, and unregisters on stop', async () => {
    const registry = new LabRegistry(dir);
    await using lab = await startControlServer(new RecordingController('run-2'), {
      runId: 'run-2',
      registry,
    });
    expect(await registry.list()).toEqual([
      {
        runId: 'run-2',
        pid: process.pid,
        controlUrl: lab.url,
        token: lab.token,
        urls: { storefront: 'http://127.0.0.1:1/', api: 'http://127.0.0.1:1/api' },
        startedAt: expect.any(String),
      },
    ]);
    await lab.stop();
    expect(await registry.list()).toEqual([]);
  });
});

describe('ControlClient', () => {
  it('calls every route and returns the typed answers', async () => {
    const client = new ControlClient(server.url, server.token);
    expect((await client.status()).runId).toBe('run-1');
    expect(await client.killPod({ deployment: 'backend' })).toEqual({ pod: 'backend-6d4cf56db6-a1b2c' });
    expect(await client.addLatency({ link: 'backend-database', latencyMs: 20 })).toEqual({
      link: 'backend-database',
      latencyMs: 20,
      jitterMs: 0,
    });
    expect((await client.failoverDatabase()).newPrimary).toBe('postgres-1');
    expect(await client.clearFaults()).toEqual({ cleared: ['ingress-backend', 'backend-database'] });
    expect(await client.pausePod({ deployment: 'backend', forMs: 500 })).toEqual({
      pod: 'backend-6d4cf56db6-a1b2c',
    });
    expect(await client.resumePod('backend-6d4cf56db6-a1b2c')).toEqual({
      pod: 'backend-6d4cf56db6-a1b2c',
      resumed: true,
    });
    expect(await client.killAllButOne('frontend')).toEqual({
      killed: ['frontend-6d4cf56db6-d3e4f', 'frontend-6d4cf56db6-g5h6i'],
      survivor: 'frontend-6d4cf56db6-a1b2c',
    });
    expect(await client.rollout('backend', { version: 'v2' })).toEqual({
      from: '6d4cf56db6',
      to: '7f9b8c5d4e',
      version: 'v2',
    });
    expect(controller.calls.map((c) => c.method)).toEqual([
      'killPod',
      'addLatency',
      'failoverDatabase',
      'clearFaults',
      'pausePod',
      'resumePod',
      'killAllButOne',
      'rollout',
    ]);
  });

  it('throws ControlApiError with the code, the field details and exit code 2 for a bad request', async () => {
    const client = new ControlClient(server.url, server.token);
    const error = await client.killPod({ deployment: 'worker' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ControlApiError);
    expect(error).toMatchObject({ status: 400, code: 'validation_failed', exitCode: 2 });
    expect((error as ControlApiError).details[0]?.field).toBe('deployment');
  });

  it('throws ControlApiError with exit code 1 when the lab failed to inject the fault', async () => {
    controller.failNext = new Error('promotion timed out');
    const error = await new ControlClient(server.url, server.token)
      .failoverDatabase()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 500, message: 'promotion timed out', exitCode: 1 });
  });

  it('throws LabUnreachableError (exit 2) naming the lab when nothing answers', async () => {
    await server.stop();
    const error = await new ControlClient(server.url, server.token, 'lab run-1')
      .status()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabUnreachableError);
    expect((error as Error).message).toMatch(
      /^lab run-1 is registered but its control API at http:\/\/127.0.0.1:\d+ did not answer \(ECONNREFUSED\)/,
    );
  });
});
