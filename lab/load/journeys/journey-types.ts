import type { ErrorKind, OrderAttempt } from '../request-record.js';
import type { JourneyName } from '../../scenario/scenario-types.js';
import type { SeededRandom } from './seeded-random.js';

/**
 * The vocabulary journeys are written in. A journey only ever sees these types, never a generator, so
 * one definition runs on the built-in generator (undici in a worker thread) and on k6 (bundled into a
 * k6 script): each generator supplies a Transport, and the shared journey runner turns steps into
 * RequestRecords and OrderAttempts the same way for both.
 */

/** What a load run knows about the shop before it starts (see prepareShoppers). */
export interface Shoppers {
  users: { username: string; token: string }[];
  /** `name` is optional so callers with only ids and stock can build this; search terms come from names. */
  products: { id: number; price: number; stock: number; name?: string }[];
}

export type HttpMethod = 'GET' | 'POST';

/** One request of a journey, with the statuses that count as success for it. */
export interface StepSpec {
  method: HttpMethod;
  /** Path and query under the ingress origin, e.g. `/api/products/7`. */
  path: string;
  /** Route template for the record, e.g. `/api/products/:id` (never a concrete id). */
  route: string;
  /** JSON body. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Statuses this step expects; any other status is a failure with an http_* or unexpected_status kind. */
  expect: readonly number[];
  /** Parse the JSON body (only steps that use it: a body costs CPU at thousands of requests a second). */
  readBody?: boolean;
}

export interface StepResult {
  ok: boolean;
  status?: number;
  errorKind?: ErrorKind;
  /** Parsed JSON body when `readBody` was set and it parsed. */
  body?: unknown;
  header(name: string): string | undefined;
  /** Epoch ms the response (or error) arrived. */
  finishedAt: number;
}

export interface JourneyContext {
  random: SeededRandom;
  shoppers: Shoppers;
  /** Unique within the run, [A-Za-z0-9_-]; journeys build idempotency keys from it. */
  arrivalId: string;
  /** Sends one request and records it; a failed step ends the journey (its caller returns). */
  step(spec: StepSpec): Promise<StepResult>;
  recordOrder(attempt: OrderAttempt): void;
}

export interface Journey {
  name: JourneyName;
  /** The first request's method and route: what a dropped arrival of this journey is recorded as. */
  entry: { method: HttpMethod; route: string };
  run(context: JourneyContext): Promise<void>;
}

/** A generator's way of sending one request. It never throws: socket failures come back as an error kind. */
export interface Transport {
  send(request: {
    method: HttpMethod;
    path: string;
    headers: Record<string, string>;
    body?: string;
    readBody: boolean;
  }): Promise<TransportResult>;
}

export type TransportResult =
  { status: number; header(name: string): string | undefined; bodyText?: string } | { errorKind: ErrorKind };
