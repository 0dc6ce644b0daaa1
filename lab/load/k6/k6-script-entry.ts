/**
 * The k6 script: the lab's journeys (journeys.ts, the same module the built-in generator runs) over
 * k6's http.asyncRequest, bundled by esbuild into the run's work dir and run by `k6 run`. It reports
 * through custom metrics whose metadata carries the RequestRecord / OrderAttempt as JSON, so
 * `--out json` gives the lab exactly what the built-in generator records:
 *   lab_request (one per request), lab_order (one per checkout attempt),
 *   lab_journey (value 1 when a journey starts, 0 when it ends: the runner counts journeys in flight).
 * A segment learns when to stop starting journeys from the lab's control URL (k6 cannot be told at
 * run time, and its REST API's stop cuts in-flight requests short).
 */
import exec from 'k6/execution';
import http from 'k6/http';
import { Counter } from 'k6/metrics';
import type { Options } from 'k6/options';
import type { ErrorKind } from '../request-record.js';
import type { Transport } from '../journeys/journey-types.js';
import { journeys } from '../journeys/journeys.js';
import { runJourney } from '../journeys/run-journey.js';
import { arrivalRandom, pickWeighted } from '../journeys/seeded-random.js';
import { k6TimeUnit, toK6Rate, type K6SegmentConfig } from './k6-segment-config.js';

// k6's globals; declared here rather than through @types/k6's global.d.ts, which would leak them into
// every file of the lab's TypeScript program.
declare const __ENV: Record<string, string | undefined>;
declare function open(path: string): string;

const configPath = __ENV.LAB_K6_CONFIG;
if (!configPath) throw new Error('LAB_K6_CONFIG must name the segment config JSON file');
const config = JSON.parse(open(configPath)) as K6SegmentConfig;

const ms = (value: number): string => `${Math.max(0, Math.round(value))}ms`;
/** k6 rejects executors shorter than 1 s; a shorter segment is ended by its stopAt instead. */
const atLeastOneSecond = (value: number): string => ms(Math.max(1000, value));

function scenario(): NonNullable<Options['scenarios']>[string] {
  const vus = {
    preAllocatedVUs: config.preAllocatedVUs,
    maxVUs: config.maxVUs,
    gracefulStop: ms(config.gracefulStopMs),
  };
  const executor = config.executor;
  if (executor.type === 'constant-arrival-rate') {
    return {
      executor: executor.type,
      rate: toK6Rate(executor.rps),
      timeUnit: k6TimeUnit,
      duration: atLeastOneSecond(executor.durationMs),
      ...vus,
    };
  }
  return {
    executor: executor.type,
    startRate: toK6Rate(executor.startRps),
    timeUnit: k6TimeUnit,
    stages: executor.stages.map((stage) => ({
      target: toK6Rate(stage.rps),
      duration: atLeastOneSecond(stage.durationMs),
    })),
    ...vus,
  };
}

export const options: Options = {
  scenarios: { load: scenario() },
  // Only the tags the lab reads: fewer bytes per point in the JSON output.
  systemTags: ['scenario'],
  summaryTrendStats: ['avg', 'p(99)'],
};

const requestMetric = new Counter('lab_request');
const orderMetric = new Counter('lab_order');
const journeyMetric = new Counter('lab_journey');

function emit(metric: Counter, key: string, value: number, payload: string): void {
  const metadata = exec.vu.metrics.metadata;
  metadata[key] = payload;
  metric.add(value);
  delete metadata[key];
}

/** k6 error codes (lib/netext/httpext/error_codes.go) as the lab's error kinds. */
function k6ErrorKind(code: number, message: string): ErrorKind {
  if (code === 1050 || code === 1211) return 'timeout';
  if (code === 1212) return 'connection_refused';
  if (code === 1220 || code === 1201) return 'connection_reset';
  if (/EOF|reset by peer|broken pipe|connection.*closed/i.test(message)) return 'connection_reset';
  if (/timeout/i.test(message)) return 'timeout';
  return 'other';
}

const transport: Transport = {
  async send(request) {
    const response = await http.asyncRequest(
      request.method,
      config.baseUrl + request.path,
      request.body ?? null,
      {
        headers: request.headers,
        timeout: ms(config.requestTimeoutMs),
        responseType: request.readBody ? 'text' : 'none',
        redirects: 0,
      },
    );
    if (response.error_code && !response.status) {
      return { errorKind: k6ErrorKind(response.error_code, response.error) };
    }
    return {
      status: response.status,
      header: (name) => {
        const wanted = name.toLowerCase();
        for (const key of Object.keys(response.headers))
          if (key.toLowerCase() === wanted) return response.headers[key];
        return undefined;
      },
      ...(typeof response.body === 'string' ? { bodyText: response.body } : {}),
    };
  },
};

// Per VU: what the control URL last said, and when it was asked. `halted`: the load is stopping, so
// journeys in flight take no further step (a handover to another segment lets them finish).
let stopAt: number | null = null;
let halted = false;
let polledAt = 0;

async function pollStop(): Promise<void> {
  polledAt = Date.now();
  const response = await http.asyncRequest('GET', config.controlUrl, null, {
    timeout: '2s',
    tags: { name: 'lab-control' },
  });
  if (response.status === 200 && typeof response.body === 'string') {
    const control = JSON.parse(response.body) as { stopAt: number | null; halted: boolean };
    stopAt = control.stopAt;
    halted = control.halted;
  }
}

export default async function (): Promise<void> {
  const scheduledAt = Date.now();
  // A VU that was idle asks before starting (so what it knows is at most 2 × pollMs old); a busy one
  // refreshes after its journey, off the measured path. The lab sets stopAt at least 2 × pollMs ahead.
  if (scheduledAt - polledAt > 2 * config.pollMs) await pollStop();
  const index = exec.scenario.iterationInTest;
  if ((stopAt !== null && scheduledAt >= stopAt) || index >= config.maxArrivals) return;

  const random = arrivalRandom(config.seed, config.stream, index);
  const journey = journeys[pickWeighted(random, config.journeys)];
  const id = `${config.stream}-${index}`;
  emit(journeyMetric, 'j', 1, id);
  await runJourney({
    journey,
    random,
    shoppers: config.shoppers,
    arrivalId: `${config.runNonce}-${id}`,
    scheduledAt,
    transport,
    now: () => Date.now(),
    onRecord: (record) => emit(requestMetric, 'r', 1, JSON.stringify(record)),
    onOrder: (attempt) => emit(orderMetric, 'o', 1, JSON.stringify(attempt)),
    mayContinue: () => !halted,
  });
  emit(journeyMetric, 'j', 0, id);
  if (Date.now() - polledAt > config.pollMs) await pollStop();
}
