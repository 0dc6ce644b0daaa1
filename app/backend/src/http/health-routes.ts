import { Router } from 'express';
import type { Registry } from 'prom-client';
import type { Readiness } from './readiness.js';

/**
 * /healthz (liveness: the process answers; never touches the database, so a database outage does not
 * get every pod restarted), /readyz (readiness), /metrics (Prometheus text). Mounted before the rate
 * limiter, CORS and body parsing so probes and scrapes are never throttled.
 */
export function createHealthRouter(opts: {
  version: string;
  readiness: Readiness;
  registry: Registry;
}): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', version: opts.version });
  });
  router.get('/readyz', async (_req, res) => {
    const result = await opts.readiness.check();
    res.set('Cache-Control', 'no-store');
    if (result.ready) res.json({ status: 'ready' });
    else res.status(503).json({ status: 'not_ready', reason: result.reason });
  });
  router.get('/metrics', async (_req, res) => {
    res.set('Content-Type', opts.registry.contentType);
    res.send(await opts.registry.metrics());
  });
  return router;
}
