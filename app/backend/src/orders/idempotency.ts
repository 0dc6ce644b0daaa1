import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { header } from 'express-validator';
import { HttpError } from '../http/errors.js';

/**
 * The Idempotency-Key contract of POST /api/orders: the client picks a key per order it means to
 * place and sends it again on every retry; the server places at most one order per (user, key).
 */

const KEY_RULE = '8 to 128 characters of A-Z, a-z, 0-9, "_" or "-"';

/** 400 `idempotency_key_required` when the header is absent or empty. */
export function requireIdempotencyKey(req: Request, _res: Response, next: NextFunction): void {
  if (!req.headers['idempotency-key']) {
    return next(
      new HttpError(
        400,
        'idempotency_key_required',
        `Send an "Idempotency-Key" header (${KEY_RULE}), one per order you mean to place, ` +
          'and the same key again when you retry it.',
      ),
    );
  }
  next();
}

/** The key's format. A header sent twice arrives joined with ", ", so it fails this too. */
export const idempotencyKeyRule = header('idempotency-key')
  .matches(/^[A-Za-z0-9_-]{8,128}$/)
  .withMessage(`must be ${KEY_RULE}, sent once`);

/** One line of an order request, after merging repeated products. */
export interface RequestedLine {
  productId: number;
  quantity: number;
}

/** Repeated products are merged (quantities add up) and lines sorted by product id. */
export function normaliseLines(items: RequestedLine[]): RequestedLine[] {
  const merged = new Map<number, number>();
  for (const { productId, quantity } of items) merged.set(productId, (merged.get(productId) ?? 0) + quantity);
  return [...merged.entries()]
    .sort(([a], [b]) => a - b)
    .map(([productId, quantity]) => ({ productId, quantity }));
}

/**
 * Fingerprint of what was asked for, stored with the order: a replay must ask for the same thing.
 * Taken over the normalised lines, so `[{1,2},{1,3}]` and `[{1,5}]` are the same request; an order
 * from the cart is fingerprinted as "the cart", whatever the cart held.
 */
export function requestHash(lines: RequestedLine[] | 'cart'): string {
  const canonical =
    lines === 'cart' ? { from: 'cart' } : { items: lines.map((l) => [l.productId, l.quantity]) };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
