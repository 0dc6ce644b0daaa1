import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { z } from 'zod';
import {
  clearFaultsQuery,
  killAllButOneBody,
  latencyBody,
  networkFaultBody,
  podKillBody,
  podPauseBody,
  podResumeBody,
  rolloutBody,
  type ClearFaultsResponse,
  type DownResponse,
  type ErrorBody,
} from './control-api.js';
import { processDownHandler } from './down-requests.js';
import { LabRegistry } from './lab-registry.js';
import { linkNames, type LabController, type LabStatus, type PodTarget } from './lab-controller.js';

/**
 * The lab's control API (routes in control-api.ts) over a LabController, on 127.0.0.1 and a free port.
 * Every request needs the per-lab bearer token: binding to loopback keeps other machines out, the token
 * keeps out other local users and web pages a browser on this machine opens (they cannot set the
 * Authorization header cross-origin without a CORS preflight, which this server never grants).
 */
export interface ControlServerOptions {
  runId: string;
  /** Port on 127.0.0.1; default 0 (a free one). */
  port?: number;
  /** Shop URLs for the registry entry; default: `controller.status().urls` if it answers at start. */
  urls?: { storefront: string; api: string };
  /** Where the lab announces itself for `lab status|down|fault`; `false`: nowhere. Default: `new LabRegistry()`. */
  registry?: LabRegistry | false;
  /**
   * What `POST /down` does after answering 202. Default: the handler registered with
   * `handleDownRequestsWith` (`lab up` registers its Ctrl-C teardown), else `controller.stop()`.
   */
  onDown?: () => void | Promise<void>;
}

export interface StartedControlServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly token: string;
  /** Closes the server and removes the registry entry; idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** An error answered as `{"error":{"code","message","details"?}}` with `status`. */
class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: { field: string; message: string }[],
  ) {
    super(message);
  }
}

export async function startControlServer(
  controller: LabController,
  options: ControlServerOptions,
): Promise<StartedControlServer> {
  const token = randomBytes(32).toString('base64url');
  const app = express();
  app.disable('x-powered-by');
  app.use(requireToken(token));
  app.use(express.json({ limit: '16kb' }));

  app.get('/status', (_req, res) => {
    res.json(controller.status());
  });
  app.post('/faults/pod-kill', async (req, res) => {
    const target = checkPodTarget(parse(podKillBody, req.body), controller.status());
    res.json(await controller.killPod(target));
  });
  app.post('/faults/pod-pause', async (req, res) => {
    const { forMs, ...target } = parse(podPauseBody, req.body);
    const status = controller.status();
    res.json(await controller.pausePod(checkPodTarget(target, status), forMs !== undefined ? { forMs } : {}));
  });
  app.post('/faults/pod-resume', async (req, res) => {
    const { pod } = parse(podResumeBody, req.body);
    res.json(await controller.resumePod(pod));
  });
  app.post('/faults/kill-all-but-one', async (req, res) => {
    const { deployment, keep } = parse(killAllButOneBody, req.body);
    const status = controller.status();
    checkPodTarget({ deployment }, status);
    if (keep !== undefined) {
      const pods = status.deployments.find((d) => d.name === deployment)!.pods.map((p) => p.name);
      if (!pods.includes(keep)) {
        const message = `'${keep}' is not a pod of Deployment ${deployment}; its pods now: ${pods.join(', ') || '(none)'}`;
        throw new HttpProblem(400, 'validation_failed', `keep: ${message}`, [{ field: 'keep', message }]);
      }
    }
    res.json(await controller.killAllButOne(deployment, keep !== undefined ? { keep } : {}));
  });
  app.post('/deployments/:name/rollout', async (req, res) => {
    const deployment = req.params.name;
    checkPodTarget({ deployment }, controller.status());
    res.json(await controller.rollout(deployment, parse(rolloutBody, req.body)));
  });
  app.post('/faults/db-failover', async (_req, res) => {
    res.json(await controller.failoverDatabase());
  });
  app.post('/database/reclone-standby', async (_req, res) => {
    res.json(await controller.recloneStandby());
  });
  app.post('/faults/latency', async (req, res) => {
    const fault = parse(latencyBody, req.body);
    await controller.addLatency(fault);
    res.json(fault);
  });
  app.post('/faults/network', async (req, res) => {
    res.json(await controller.addNetworkFault(parse(networkFaultBody, req.body)));
  });
  app.delete('/faults', async (req, res) => {
    const { link } = parse(clearFaultsQuery, { ...req.query });
    await controller.clearFaults(link);
    res.json({ cleared: link ? [link] : [...linkNames] } satisfies ClearFaultsResponse);
  });
  app.post('/down', (_req, res) => {
    res.status(202).json({ stopping: true, runId: options.runId, pid: process.pid } satisfies DownResponse);
    // After the answer is out: stopping closes this server too.
    res.once('finish', () => {
      const down = options.onDown ?? processDownHandler() ?? (() => controller.stop());
      void Promise.resolve()
        .then(down)
        .catch((error: unknown) => console.error(`lab down failed: ${(error as Error).message}`));
    });
  });
  app.use((req, _res, next) => {
    next(
      new HttpProblem(404, 'not_found', `no route ${req.method} ${req.path}; see lab/control/control-api.ts`),
    );
  });
  app.use(sendError);

  const server = await listen(app, options.port ?? 0);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let unregister: (() => Promise<void>) | undefined;
  const registry = options.registry ?? new LabRegistry();
  if (registry) {
    try {
      unregister = await registry.register({
        runId: options.runId,
        pid: process.pid,
        controlUrl: url,
        token,
        urls: options.urls ?? currentUrls(controller),
        startedAt: new Date().toISOString(),
      });
    } catch (error) {
      await close(server);
      throw error;
    }
  }

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      const results = await Promise.allSettled([close(server), unregister?.()]);
      const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      if (failures.length > 0) throw new AggregateError(failures, 'stopping the control server failed');
    })());
  return { url, token, stop, [Symbol.asyncDispose]: stop };
}

function requireToken(token: string) {
  const expected = Buffer.from(`Bearer ${token}`);
  return (req: Request, _res: Response, next: NextFunction) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
    next(
      new HttpProblem(
        401,
        'unauthorized',
        'the control API needs "Authorization: Bearer <token>" with this lab\'s token (in its lab registry entry)',
      ),
    );
  };
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const details = result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: key, message: 'is not a field of this request' }))
      : [{ field: issue.path.join('.') || 'body', message: issue.message }],
  );
  throw new HttpProblem(
    400,
    'validation_failed',
    details.map((d) => `${d.field}: ${d.message}`).join('; '),
    details,
  );
}

/** A pod or Deployment that does not exist is a bad request naming the ones that do. */
function checkPodTarget(body: { pod?: string; deployment?: string }, status: LabStatus): PodTarget {
  if (body.deployment !== undefined) {
    const names = status.deployments.map((d) => d.name);
    if (!names.includes(body.deployment)) throw unknownName('deployment', body.deployment, names);
    return { deployment: body.deployment };
  }
  const pods = status.deployments.flatMap((d) => d.pods.map((p) => p.name));
  if (!pods.includes(body.pod!)) throw unknownName('pod', body.pod!, pods);
  return { pod: body.pod! };
}

function unknownName(field: string, value: string, allowed: string[]): HttpProblem {
  const message = `no ${field} named '${value}'; ${field}s now: ${allowed.join(', ') || '(none)'}`;
  return new HttpProblem(400, 'validation_failed', `${field}: ${message}`, [{ field, message }]);
}

function sendError(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const problem = toProblem(error);
  const body: ErrorBody = {
    error: {
      code: problem.code,
      message: problem.message,
      ...(problem.details && { details: problem.details }),
    },
  };
  res.status(problem.status).json(body);
}

function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  const e = error as { type?: string; message?: string; exitCode?: number; code?: unknown };
  if (e.type === 'entity.parse.failed')
    return new HttpProblem(400, 'invalid_json', `the body is not valid JSON: ${e.message}`);
  if (e.type === 'entity.too.large') return new HttpProblem(413, 'body_too_large', 'the body is over 16 kB');
  const message = e.message ?? String(error);
  // The controller refused (a setup-type problem, e.g. no standby to promote): the request cannot succeed.
  if (e.exitCode === 2)
    return new HttpProblem(409, typeof e.code === 'string' ? e.code : 'rejected', message);
  return new HttpProblem(500, 'controller_failed', message);
}

function currentUrls(controller: LabController): { storefront: string; api: string } | undefined {
  try {
    const { storefront, api } = controller.status().urls;
    return { storefront, api };
  } catch {
    return undefined; // The topology may not answer status() before it is up; the entry then has no URLs.
  }
}

function listen(app: express.Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, '127.0.0.1', (error?: Error) =>
      error ? reject(error) : resolve(server),
    );
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
