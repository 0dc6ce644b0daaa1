import { journeyNames, type JourneyName } from '../scenario/scenario-types.js';
import {
  defaultLateToleranceMs,
  defaultMaxArrivals,
  defaultMaxConcurrency,
  defaultRequestTimeoutMs,
  maxRps,
  type StartLoadOptions,
} from './load-options.js';

export type ResolvedLoadOptions = Required<Omit<StartLoadOptions, 'k6Path' | 'journeys'>> & {
  journeys: Record<JourneyName, number>;
  k6Path?: string;
};

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);
const needsShopper: readonly JourneyName[] = ['add-to-cart', 'checkout', 'order-history'];

/** Fills defaults and checks every option, reporting all problems at once. Load only ever goes to loopback. */
export function resolveLoadOptions(options: StartLoadOptions): ResolvedLoadOptions {
  const problems: string[] = [];
  const positive = (name: string, value: unknown): void => {
    if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
      problems.push(`${name} must be a positive number, got ${String(value)}`);
    }
  };
  let url: URL | undefined;
  try {
    url = new URL(options.baseUrl);
  } catch {
    problems.push(
      `baseUrl must be an http URL such as http://127.0.0.1:8080, got ${String(options.baseUrl)}`,
    );
  }
  if (url && (url.protocol !== 'http:' || !loopbackHosts.has(url.hostname))) {
    problems.push(
      `baseUrl must be http on loopback (127.0.0.1, localhost or [::1]): load never leaves this machine; got ${options.baseUrl}`,
    );
  }
  if (!(Number.isFinite(options.rps) && options.rps >= 0 && options.rps <= maxRps)) {
    problems.push(`rps must be between 0 and ${maxRps}, got ${String(options.rps)}`);
  }
  positive('maxDurationMs', options.maxDurationMs);
  positive('requestTimeoutMs', options.requestTimeoutMs ?? defaultRequestTimeoutMs);
  positive('maxArrivals', options.maxArrivals ?? defaultMaxArrivals);
  positive('maxConcurrency', options.maxConcurrency ?? defaultMaxConcurrency);
  if (!Number.isInteger(options.seed)) problems.push(`seed must be an integer, got ${String(options.seed)}`);
  if (!['auto', 'built-in', 'k6'].includes(options.generator)) {
    problems.push(`generator must be one of auto, built-in, k6; got ${String(options.generator)}`);
  }
  if (!options.workDir) problems.push("workDir is required (a directory for the generator's temp files)");
  if (!options.runId) problems.push('runId is required (it labels the processes the load starts)');

  const journeys = Object.fromEntries(journeyNames.map((name) => [name, 0])) as Record<JourneyName, number>;
  for (const [name, weight] of Object.entries(options.journeys ?? {})) {
    if (!(journeyNames as readonly string[]).includes(name)) {
      problems.push(`journeys.${name} is not a journey; known journeys: ${journeyNames.join(', ')}`);
    } else if (!(typeof weight === 'number' && Number.isFinite(weight) && weight >= 0)) {
      problems.push(`journeys.${name} must be a weight >= 0, got ${String(weight)}`);
    } else {
      journeys[name as JourneyName] = weight;
    }
  }
  if (!journeyNames.some((name) => journeys[name] > 0))
    problems.push('journeys must give at least one journey a positive weight');
  if (!options.shoppers?.products?.length)
    problems.push('shoppers.products is empty: every journey needs products (see prepareShoppers)');
  const withShopper = needsShopper.filter((name) => journeys[name] > 0);
  if (withShopper.length > 0 && !options.shoppers?.users?.length) {
    problems.push(`shoppers.users is empty but ${withShopper.join(', ')} need a signed-in shopper`);
  }
  if (problems.length > 0) throw new Error(`startLoad: ${problems.join('; ')}`);

  return {
    baseUrl: url!.origin,
    shoppers: options.shoppers,
    rps: options.rps,
    journeys,
    seed: options.seed,
    generator: options.generator,
    requestTimeoutMs: options.requestTimeoutMs ?? defaultRequestTimeoutMs,
    maxDurationMs: options.maxDurationMs,
    workDir: options.workDir,
    runId: options.runId,
    maxArrivals: options.maxArrivals ?? defaultMaxArrivals,
    maxConcurrency: options.maxConcurrency ?? defaultMaxConcurrency,
    lateToleranceMs: options.lateToleranceMs ?? defaultLateToleranceMs,
    ...(options.k6Path ? { k6Path: options.k6Path } : {}),
  };
}
