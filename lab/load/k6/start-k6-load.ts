import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { bundle, entryFile } from '../bundle.js';
import { maxRps, type RunningLoad } from '../load-options.js';
import { RatePlan, validateRateCommand, type RateCommand } from '../rate-plan.js';
import type { ResolvedLoadOptions } from '../resolve-load-options.js';
import type { OrderAttempt, RequestRecord } from '../request-record.js';
import { K6ControlServer } from './k6-control-server.js';
import type { K6SegmentConfig } from './k6-segment-config.js';
import { K6Segment } from './k6-segment.js';
import { k6Version } from './find-k6.js';

/** VUs refresh stopAt at least this often; a handover is set 2 × pollMs + margin ahead. */
const pollMs = 250;
const handoverMarginMs = 100;
/** The longest journey has two requests. */
const maxStepsPerJourney = 2;
/** k6 writes its JSON output every 200 ms (output/json); twice that lets the last points arrive. */
const outputFlushMs = 400;

/**
 * The same journeys on k6. k6 cannot change an arrival-rate executor while it runs, so the load is a
 * series of k6 processes ("segments"), each one executor:
 * - the base segment: constant-arrival-rate at `rps` until maxDurationMs;
 * - setRate / ramp: a new base segment (constant-arrival-rate, or ramping-arrival-rate from the current
 *   rate) is started paused; at a handover instant the old one stops starting journeys (told through the
 *   control URL) and the new one is unpaused. The old one finishes its journeys in flight and is ended.
 *   The change takes effect once the new process is ready (about a second), and the promise resolves then;
 * - spike(factor ≥ 1): an extra segment at (factor − 1) × the base rate for `forMs`, alongside the base.
 *   Its extra rate is fixed when it starts (a setRate during a spike does not rescale it).
 * Each segment's `--out json` file is followed live into the records; k6's dropped_iterations become
 * `dropped` records (journey, method and route "unknown": k6 drops before the iteration picks a journey).
 */
export async function startK6Load(options: ResolvedLoadOptions, executable: string): Promise<RunningLoad> {
  const version = k6Version(executable);
  const script = await bundle(entryFile('./k6/k6-script-entry'), options.workDir, 'k6');
  const control = await K6ControlServer.start();
  const records: RequestRecord[] = [];
  const orders: OrderAttempt[] = [];
  const runNonce = randomBytes(4).toString('hex');
  let arrivals = 0;
  let nextStream = 1;
  let deadline = Number.POSITIVE_INFINITY;
  let stopping: Promise<{ records: RequestRecord[]; orders: OrderAttempt[] }> | undefined;
  let resolveFinished!: () => void;
  const finished = new Promise<void>((resolve) => (resolveFinished = resolve));
  const segments = new Set<K6Segment>();
  let base: K6Segment | undefined;

  const vusFor = (peakRps: number): { preAllocatedVUs: number; maxVUs: number } => {
    // Enough VUs for every arrival of two request timeouts at the peak rate (a stalled shop holds a
    // two-step journey that long before arrivals must be dropped), capped by maxConcurrency. Half a
    // second of arrivals (at least 50, at most 500) is initialised up front: k6 adds the rest as latency
    // grows but drops iterations while it initialises them, and at the start of a spike, when the shop
    // slows down, fewer (a twentieth of a second's worth) dropped a dozen journeys a second for the
    // generator's sake, not the shop's.
    const maxVUs = Math.min(
      options.maxConcurrency,
      Math.max(10, Math.ceil((2 * peakRps * options.requestTimeoutMs) / 1000)),
    );
    const preAllocatedVUs = Math.min(maxVUs, Math.max(50, Math.min(500, Math.ceil(peakRps * 0.5))));
    return { maxVUs, preAllocatedVUs };
  };

  const startSegment = async (
    executor: K6SegmentConfig['executor'],
    peakRps: number,
    stopAt: number,
  ): Promise<K6Segment> => {
    const stream = nextStream++;
    control.set(stream, { stopAt, halted: false });
    const segment = await K6Segment.start({
      executable,
      script,
      workDir: options.workDir,
      runId: options.runId,
      config: {
        baseUrl: options.baseUrl,
        shoppers: options.shoppers,
        journeys: options.journeys,
        seed: options.seed,
        stream,
        runNonce,
        requestTimeoutMs: options.requestTimeoutMs,
        controlUrl: control.url(stream),
        pollMs,
        maxArrivals: Math.max(0, options.maxArrivals - arrivals),
        executor,
        ...vusFor(peakRps),
        gracefulStopMs: maxStepsPerJourney * options.requestTimeoutMs + 1000,
      },
      onRecord: (record) => records.push(record),
      onJourneyStarted: countArrival,
      onOrder: (attempt) => orders.push(attempt),
      onDropped: (at, droppedStream) => {
        const stopAtNow = control.get(droppedStream)?.stopAt;
        if (stopAtNow !== null && stopAtNow !== undefined && at >= stopAtNow) return;
        records.push({
          journey: 'unknown',
          method: 'unknown',
          route: 'unknown',
          scheduledAt: at,
          finishedAt: at,
          errorKind: 'dropped',
        });
        countArrival();
      },
    });
    segments.add(segment);
    return segment;
  };

  /** Tells `segment` to start no journey from `at` on, then ends it once its journeys in flight are recorded. */
  const retire = async (segment: K6Segment, at: number, halt: boolean): Promise<void> => {
    const state = control.get(segment.stream);
    if (state)
      control.set(segment.stream, { stopAt: Math.min(state.stopAt ?? at, at), halted: state.halted || halt });
    const settleFrom = at + 2 * pollMs + handoverMarginMs;
    const giveUpAt = settleFrom + maxStepsPerJourney * options.requestTimeoutMs + 2000;
    while (segment.running && Date.now() < giveUpAt) {
      const now = Date.now();
      // By settleFrom every VU knows stopAt; a flush period later the start of any journey it began is in the output.
      if (now >= settleFrom + outputFlushMs && segment.inFlight() === 0) break;
      await delay(50);
    }
    await segment.kill();
    segments.delete(segment);
  };

  function countArrival(): void {
    arrivals += 1;
    if (arrivals >= options.maxArrivals) void stop();
  }

  // Rate changes are serialised: each may take a second to start its k6 process.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = (work: () => Promise<void>): Promise<void> => {
    const next = queue.then(() => (stopping ? undefined : work()));
    queue = next.catch(() => undefined);
    return next;
  };

  const plan = new RatePlan(options.rps, Date.now());

  const handover = async (command: RateCommand & { type: 'setRate' | 'ramp' }): Promise<void> => {
    const previous = base;
    const remainingMs = deadline - Date.now();
    const target = command.rps;
    let next: K6Segment | undefined;
    const startRps = plan.baseRate(Date.now());
    if (remainingMs > 0 && (target > 0 || (command.type === 'ramp' && startRps > 0))) {
      const executor: K6SegmentConfig['executor'] =
        command.type === 'setRate'
          ? { type: 'constant-arrival-rate', rps: target, durationMs: remainingMs }
          : {
              type: 'ramping-arrival-rate',
              startRps,
              stages: [
                { rps: target, durationMs: command.overMs },
                { rps: target, durationMs: Math.max(1, remainingMs - command.overMs) },
              ],
            };
      next = await startSegment(executor, Math.max(target, startRps), deadline);
    }
    const at = Date.now() + 2 * pollMs + handoverMarginMs;
    if (previous) void retire(previous, at, false);
    await delay(Math.max(0, at - Date.now()));
    const startedAt = next ? await next.unpause() : at;
    base = next;
    plan.apply({ ...command, at: startedAt });
  };

  const stop = (): Promise<{ records: RequestRecord[]; orders: OrderAttempt[] }> => {
    stopping ??= (async () => {
      const at = Date.now();
      await Promise.all([...segments].map((segment) => retire(segment, at, true)));
      await control.close();
      resolveFinished();
      return { records: [...records], orders: [...orders] };
    })();
    return stopping;
  };

  try {
    if (options.rps > 0) {
      base = await startSegment(
        { type: 'constant-arrival-rate', rps: options.rps, durationMs: options.maxDurationMs },
        options.rps,
        Number.POSITIVE_INFINITY,
      );
    }
    const t0 = base ? await base.unpause() : Date.now();
    deadline = t0 + options.maxDurationMs;
    if (base) control.set(base.stream, { stopAt: deadline, halted: false });
    plan.apply({ type: 'setRate', rps: options.rps, at: t0 });
  } catch (error) {
    await stop();
    throw error;
  }
  // maxDurationMs: the load stops by itself (journeys in flight then end within the request timeout).
  const endTimer = setTimeout(() => void stop(), deadline - Date.now());
  endTimer.unref();
  void finished.then(() => clearTimeout(endTimer));

  return {
    generator: version,
    rate: () => (stopping ? 0 : plan.rate(Date.now())),
    async setRate(rps) {
      const command: RateCommand = { type: 'setRate', rps, at: Date.now() };
      validateRateCommand(command, maxRps);
      return serially(() => handover(command));
    },
    async ramp(rps, overMs) {
      const command: RateCommand = { type: 'ramp', rps, overMs, at: Date.now() };
      validateRateCommand(command, maxRps);
      return serially(() => handover(command));
    },
    async spike(factor, forMs) {
      validateRateCommand({ type: 'spike', factor, forMs, at: Date.now() }, maxRps);
      if (factor < 1) {
        throw new Error(
          `on k6 a spike adds load, so its factor must be >= 1 (got ${factor}); use setRate to lower the rate`,
        );
      }
      return serially(async () => {
        const extra = plan.baseRate(Date.now()) * (factor - 1);
        const durationMs = Math.min(forMs, deadline - Date.now());
        if (!(extra > 0) || durationMs <= 0) return;
        const segment = await startSegment(
          { type: 'constant-arrival-rate', rps: extra, durationMs },
          extra,
          deadline,
        );
        const at = await segment.unpause();
        control.set(segment.stream, { stopAt: Math.min(deadline, at + forMs), halted: false });
        plan.apply({ type: 'spike', factor, forMs, at });
        void segment.exited.then(async () => {
          if (segments.has(segment)) await retire(segment, Date.now(), false);
        });
      });
    },
    records: () => records,
    orders: () => orders,
    finished,
    stop,
  };
}
