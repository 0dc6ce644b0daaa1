import { Router, type Request } from 'express';
import type { AppDeps } from '../app-deps.js';
import {
  idParam,
  jsonInteger,
  jsonObjectBody,
  MAX_INT4,
  onlyKnownFields,
  validated,
} from '../catalog/request-rules.js';
import { unauthorized } from '../http/errors.js';
import { validate } from '../http/validate.js';
import {
  addToCart,
  emptyCart,
  MAX_LINE_QUANTITY,
  readCart,
  removeFromCart,
  setCartQuantity,
} from './cart-store.js';

/** The signed-in user's cart, mounted at `/api/cart`; every response is the whole cart afterwards. */
export function createCartRouter(deps: AppDeps): Router {
  const { db } = deps;
  const { requireAuth } = deps.auth;
  const router = Router();
  const userId = (req: Request): number => {
    if (!req.user) throw unauthorized(); // requireAuth ran first; this only satisfies the type
    return req.user.id;
  };
  const quantity = jsonInteger('quantity', 1, MAX_LINE_QUANTITY);

  router.get('/items', requireAuth, async (req, res) => {
    res.json(await readCart(db, userId(req)));
  });

  router.post(
    '/items',
    requireAuth,
    jsonObjectBody({ required: true }),
    validate(onlyKnownFields(['productId', 'quantity']), jsonInteger('productId', 1, MAX_INT4), quantity),
    async (req, res) => {
      const body = validated<{ productId: number; quantity: number }>(req, ['body']);
      await addToCart(db, userId(req), body.productId, body.quantity);
      res.json(await readCart(db, userId(req)));
    },
  );

  router.patch(
    '/items/:productId',
    requireAuth,
    jsonObjectBody({ required: true }),
    validate(idParam('productId'), onlyKnownFields(['quantity']), quantity),
    async (req, res) => {
      const { productId, quantity: q } = validated<{ productId: number; quantity: number }>(req, [
        'params',
        'body',
      ]);
      await setCartQuantity(db, userId(req), productId, q);
      res.json(await readCart(db, userId(req)));
    },
  );

  router.delete('/items/:productId', requireAuth, validate(idParam('productId')), async (req, res) => {
    const { productId } = validated<{ productId: number }>(req, ['params']);
    await removeFromCart(db, userId(req), productId);
    res.json(await readCart(db, userId(req)));
  });

  router.delete('/items', requireAuth, async (req, res) => {
    await emptyCart(db, userId(req));
    res.json(await readCart(db, userId(req)));
  });

  return router;
}
