/**
 * The built-in generator's worker thread: the open-model scheduler, the journeys and an undici
 * keep-alive pool, on an event loop of their own, so neither the lab's proxies in the main thread
 * slow the schedule nor the load slows the proxies. Records go back to the main thread in batches.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { Pool } from 'undici';
import type { Journey } from '../journeys/journey-types.js';
import { journeys } from '../journeys/journeys.js';
import { runJourney } from '../journeys/run-journey.js';
import { arrivalRandom, pickWeighted, type SeededRandom } from '../journeys/seeded-random.js';
import type { OrderAttempt, RequestRecord } from '../request-record.js';
import { OpenModelScheduler } from './open-model-scheduler.js';
import { undiciTransport } from './undici-transport.js';
import type { FromWorker, ToWorker, WorkerConfig } from './worker-protocol.js';

/** Stream 1 of the seed, like k6's first segment: one seed gives the same journeys on either generator. */
const stream = 1;
const flushEveryMs = 100;

const config = workerData as WorkerConfig;
const port = parentPort!;
const now = (): number => performance.timeOrigin + performance.now();

const pool = new Pool(config.baseUrl, {
  connections: config.maxConcurrency,
  pipelining: 1,
  keepAliveTimeout: 30_000,
  connect: { timeout: config.requestTimeoutMs },
});
const transport = undiciTransport(pool, config.requestTimeoutMs);

let records: RequestRecord[] = [];
let orders: OrderAttempt[] = [];
const flush = (): void => {
  if (records.length === 0 && orders.length === 0) return;
  const message: FromWorker = { type: 'batch', records, orders };
  port.postMessage(message);
  records = [];
  orders = [];
};
const flusher = setInterval(flush, flushEveryMs);

function arrival(index: number): { journey: Journey; random: SeededRandom } {
  const random = arrivalRandom(config.seed, stream, index);
  return { journey: journeys[pickWeighted(random, config.journeys)], random };
}

// The first arrival is due as soon as the worker is set up; the main thread learns when from `ready`.
const startAt = now() + 1;
const scheduler: OpenModelScheduler = new OpenModelScheduler({
  startAt,
  rps: config.rps,
  maxDurationMs: config.maxDurationMs,
  maxArrivals: config.maxArrivals,
  maxConcurrency: config.maxConcurrency,
  lateToleranceMs: config.lateToleranceMs,
  now,
  start(index, scheduledAt): Promise<void> {
    const { journey, random } = arrival(index);
    return runJourney({
      journey,
      random,
      shoppers: config.shoppers,
      arrivalId: `${config.runNonce}-${stream}-${index}`,
      scheduledAt,
      transport,
      now,
      onRecord: (record) => records.push(record),
      onOrder: (attempt) => orders.push(attempt),
      mayContinue: (): boolean => !scheduler.stopping,
    });
  },
  drop(index, scheduledAt, droppedAt) {
    const { journey } = arrival(index);
    records.push({
      journey: journey.name,
      method: journey.entry.method,
      route: journey.entry.route,
      scheduledAt,
      finishedAt: droppedAt,
      errorKind: 'dropped',
    });
  },
});

const ready: FromWorker = { type: 'ready', startAt };
port.postMessage(ready);

port.on('message', (message: ToWorker) => {
  if (message.type === 'stop') scheduler.stop();
  else scheduler.apply(message);
});

void scheduler.finished.then(async ({ reason, arrivals }) => {
  clearInterval(flusher);
  flush();
  await pool.close().catch(() => undefined);
  const done: FromWorker = { type: 'done', reason, arrivals };
  port.postMessage(done);
});
