import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { bundle, entryFile } from '../bundle.js';
import type { RunningLoad } from '../load-options.js';
import { RatePlan, validateRateCommand, type RateCommand } from '../rate-plan.js';
import { maxRps } from '../load-options.js';
import type { ResolvedLoadOptions } from '../resolve-load-options.js';
import type { OrderAttempt, RequestRecord } from '../request-record.js';
import type { FromWorker, ToWorker, WorkerConfig } from './worker-protocol.js';

export const builtInGeneratorName = 'built-in open-model generator';

/** How long the worker may take to load before startLoad gives up. */
const workerStartTimeoutMs = 30_000;
/** Beyond requestTimeoutMs, how long stop() waits for the worker to report before terminating it. */
const stopGraceMs = 3000;

/**
 * Starts the built-in open-model generator in a worker thread (see open-model-worker.ts) and returns
 * its handle. The worker is bundled on the fly into the work dir (it is TypeScript, and a worker
 * thread does not inherit the tsx or vitest loader of the main thread).
 */
export async function startBuiltInLoad(options: ResolvedLoadOptions): Promise<RunningLoad> {
  const script = await bundle(entryFile('./built-in/open-model-worker'), options.workDir, 'node-worker');
  const config: WorkerConfig = {
    baseUrl: options.baseUrl,
    shoppers: options.shoppers,
    journeys: options.journeys,
    seed: options.seed,
    rps: options.rps,
    requestTimeoutMs: options.requestTimeoutMs,
    maxDurationMs: options.maxDurationMs,
    maxArrivals: options.maxArrivals,
    maxConcurrency: options.maxConcurrency,
    lateToleranceMs: options.lateToleranceMs,
    runNonce: randomBytes(4).toString('hex'),
  };
  const worker = new Worker(script, { workerData: config, name: 'dhakacart-load' });
  let plan = new RatePlan(options.rps, Date.now());
  const records: RequestRecord[] = [];
  const orders: OrderAttempt[] = [];
  let failure: Error | undefined;
  let ended = false;

  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const finished = new Promise<void>((resolve) => {
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'ready') {
        plan = new RatePlan(options.rps, message.startAt);
        markReady();
      } else if (message.type === 'batch') {
        for (const record of message.records) records.push(record);
        for (const attempt of message.orders) orders.push(attempt);
      } else {
        resolve();
      }
    });
    worker.on('error', (error) => {
      failure = new Error(`the built-in load generator's worker failed: ${error.message}`, { cause: error });
      resolve();
    });
    worker.on('exit', () => resolve());
  });
  // A last line of defence should the worker stop answering: it is bounded by maxDurationMs itself.
  const hardStop = setTimeout(
    () => void worker.terminate(),
    workerStartTimeoutMs + options.maxDurationMs + options.requestTimeoutMs + stopGraceMs,
  );
  hardStop.unref();
  void finished.then(() => {
    ended = true;
    clearTimeout(hardStop);
    return worker.terminate();
  });

  const timedOut = new Promise<'timeout'>((resolve) =>
    setTimeout(() => resolve('timeout'), workerStartTimeoutMs).unref(),
  );
  const startOutcome = await Promise.race([
    ready.then(() => 'ready' as const),
    finished.then(() => 'ended' as const),
    timedOut,
  ]);
  if (startOutcome !== 'ready') {
    await worker.terminate();
    throw (
      failure ??
      new Error(`the built-in load generator's worker did not start within ${workerStartTimeoutMs} ms`)
    );
  }

  const send = (message: ToWorker): void => {
    if (!ended) worker.postMessage(message);
  };
  // async, so a bad argument rejects the promise rather than throwing at the call.
  const command = async (c: RateCommand): Promise<void> => {
    validateRateCommand(c, maxRps);
    plan.apply(c);
    send(c);
  };

  let stopping: Promise<{ records: RequestRecord[]; orders: OrderAttempt[] }> | undefined;
  return {
    generator: builtInGeneratorName,
    rate: () => (ended ? 0 : plan.rate(Date.now())),
    setRate: (rps) => command({ type: 'setRate', rps, at: Date.now() }),
    ramp: (rps, overMs) => command({ type: 'ramp', rps, overMs, at: Date.now() }),
    spike: (factor, forMs) => command({ type: 'spike', factor, forMs, at: Date.now() }),
    records: () => records,
    orders: () => orders,
    finished,
    stop() {
      stopping ??= (async () => {
        send({ type: 'stop' });
        const timeout = new Promise<void>((resolve) =>
          setTimeout(resolve, options.requestTimeoutMs + stopGraceMs).unref(),
        );
        await Promise.race([finished, timeout]);
        await worker.terminate();
        if (failure) throw failure;
        return { records: [...records], orders: [...orders] };
      })();
      return stopping;
    },
  };
}
