import { Router, type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import { body } from 'express-validator';
import type { AppDeps } from '../app-deps.js';
import {
  idParam,
  jsonInteger,
  jsonObjectBody,
  MAX_INT4,
  onlyKnownFields,
  paginationRules,
  readPagination,
  validated,
} from '../catalog/request-rules.js';
import { MAX_LINE_QUANTITY } from '../cart/cart-store.js';
import { HttpError, unauthorized } from '../http/errors.js';
import { validate } from '../http/validate.js';
import {
  idempotencyKeyRule,
  normaliseLines,
  requestHash,
  requireIdempotencyKey,
  type RequestedLine,
} from './idempotency.js';
import { getOrder, listOrders } from './order-queries.js';
import { InsufficientStockError, placeOrder } from './place-order.js';

/** Most distinct products one order may hold. */
const MAX_ORDER_LINES = 50;

const orderBodyRules = [
  onlyKnownFields(['items']),
  body('items')
    .optional({ values: 'undefined' })
    .isArray({ min: 1, max: MAX_ORDER_LINES })
    .withMessage(
      `must be a list of 1 to ${MAX_ORDER_LINES} {productId, quantity} objects (omit it to order the cart)`,
    ),
  body('items.*')
    .custom(
      (v) =>
        typeof v === 'object' &&
        v !== null &&
        !Array.isArray(v) &&
        Object.keys(v).every((k) => k === 'productId' || k === 'quantity'),
    )
    .withMessage('must be an object with only productId and quantity'),
  jsonInteger('items.*.productId', 1, MAX_INT4),
  jsonInteger('items.*.quantity', 1, MAX_LINE_QUANTITY),
];

/** Orders, mounted at `/api/orders`: idempotent checkout and the signed-in user's order history. */
export function createOrdersRouter(deps: AppDeps): Router {
  const { db, metrics } = deps;
  const { requireAuth } = deps.auth;
  const router = Router();
  const userId = (req: Request): number => {
    if (!req.user) throw unauthorized(); // requireAuth ran first; this only satisfies the type
    return req.user.id;
  };

  // Every failed checkout attempt that reached this route is counted once, by why it failed.
  const countFailedCheckout: ErrorRequestHandler = (err, _req, _res, next) => {
    const status =
      err instanceof HttpError ? err.status : Number((err as { status?: number })?.status) || 500;
    const outcome =
      err instanceof InsufficientStockError ? 'insufficient_stock' : status < 500 ? 'rejected' : 'error';
    metrics.ordersCreated.inc({ outcome });
    next(err);
  };

  const checkout: RequestHandler = async (req, res) => {
    const { items } = validated<{ items?: RequestedLine[] }>(req, ['body']);
    const lines = items ? normaliseLines(items) : 'cart';
    if (lines !== 'cart') {
      const tooMany = lines.find((l) => l.quantity > MAX_LINE_QUANTITY);
      if (tooMany) {
        throw new HttpError(400, 'validation_failed', 'The request has invalid fields; see details.', [
          {
            field: 'items',
            message: `lists product ${tooMany.productId} ${tooMany.quantity} times in all; at most ${MAX_LINE_QUANTITY}`,
          },
        ]);
      }
    }
    const { order, replayed } = await placeOrder(db, {
      userId: userId(req),
      idempotencyKey: req.headers['idempotency-key'] as string,
      requestHash: requestHash(lines),
      lines,
    });
    metrics.ordersCreated.inc({ outcome: replayed ? 'replayed' : 'created' });
    if (replayed) res.set('Idempotent-Replayed', 'true');
    res.status(replayed ? 200 : 201).json(order);
  };

  router.post(
    '/',
    requireAuth,
    requireIdempotencyKey,
    jsonObjectBody({ required: false }),
    validate(idempotencyKeyRule, ...orderBodyRules),
    checkout,
    countFailedCheckout,
  );

  router.get('/', requireAuth, validate(...paginationRules()), async (req, res) => {
    const { limit, offset } = readPagination(req);
    res.json({ items: await listOrders(db, userId(req), limit, offset), limit, offset });
  });

  // Order ids are bigint in the database; any id beyond 2^53 cannot exist yet and is refused.
  router.get('/:id', requireAuth, validate(idParam('id', Number.MAX_SAFE_INTEGER)), async (req, res) => {
    const { id } = validated<{ id: number }>(req, ['params']);
    res.json(await getOrder(db, userId(req), id));
  });

  return router;
}
