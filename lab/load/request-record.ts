/**
 * What the load generators record, one entry per request, whichever generator sent it (the built-in
 * open-model generator or k6). Measurement (lab/measure), data checks (lab/checks) and reports read
 * only these records, so a figure never depends on which generator produced it.
 */

/** Why a request did not succeed. `dropped`: it could not be sent on schedule (open model). */
export type ErrorKind =
  | 'dropped'
  | 'connection_refused'
  | 'connection_reset'
  | 'timeout'
  | 'http_5xx'
  | 'http_429'
  | 'http_4xx'
  | 'unexpected_status'
  | 'other';

export const errorKinds: readonly ErrorKind[] = [
  'dropped',
  'connection_refused',
  'connection_reset',
  'timeout',
  'http_5xx',
  'http_429',
  'http_4xx',
  'unexpected_status',
  'other',
];

export interface RequestRecord {
  /** The journey this request belongs to (browse, search, product, add-to-cart, checkout, order-history). */
  journey: string;
  /** HTTP method and the route template, e.g. `GET /api/products/:id` (never a concrete id). */
  method: string;
  route: string;
  /** Epoch ms (sub-ms precision) when the open model meant to send it. */
  scheduledAt: number;
  /** Epoch ms when it was actually sent; absent when it was dropped. */
  sentAt?: number;
  /** Epoch ms when the response (or the error) arrived; for a dropped request, when it was given up. */
  finishedAt: number;
  /** HTTP status, when a response arrived. */
  status?: number;
  /** Absent when the request succeeded (its status was one the journey step expects). */
  errorKind?: ErrorKind;
}

/**
 * One attempt to place an order (POST /api/orders with an Idempotency-Key), for the data checks:
 * `acknowledged` — the shop answered 201 (or 200 replay) with an order id; `rejected` — a definite
 * business refusal (409 insufficient_stock, 4xx) that made no order; `ambiguous` — no definite answer
 * (timeout, reset, 5xx): the order may or may not exist.
 */
export interface OrderAttempt {
  idempotencyKey: string;
  username: string;
  items: { productId: number; quantity: number }[];
  outcome: 'acknowledged' | 'rejected' | 'ambiguous';
  /** The order id the shop returned (acknowledged only). */
  orderId?: number;
  status?: number;
  at: number;
}
