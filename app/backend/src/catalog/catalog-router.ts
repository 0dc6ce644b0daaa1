import { Router } from 'express';
import type { AppDeps } from '../app-deps.js';
import { HttpError } from '../http/errors.js';
import { validate } from '../http/validate.js';
import { PRODUCT_INPUT_FIELDS, type ProductInput } from './product.js';
import { productBodyRules, productListRules } from './product-rules.js';
import { createProduct, getProduct, listCategories, listProducts, updateProduct } from './product-store.js';
import { idParam, jsonObjectBody, paginationRules, readPagination, validated } from './request-rules.js';

/**
 * The catalogue, mounted at `/api`: public reads (`/products`, `/products/:id`, `/categories`) through
 * `db.read`, so a database blip is retried; admin-only writes (`POST /products`, `PATCH /products/:id`).
 */
export function createCatalogRouter(deps: AppDeps): Router {
  const { db } = deps;
  const adminOnly = [deps.auth.requireAuth, deps.auth.requireRole('admin')];
  const router = Router();

  router.get('/products', validate(...productListRules, ...paginationRules()), async (req, res) => {
    const { search, category } = validated<{ search?: string; category?: string }>(req, ['query']);
    res.json(await listProducts(db, { search, category, ...readPagination(req) }));
  });

  router.get('/products/:id', validate(idParam('id')), async (req, res) => {
    const { id } = validated<{ id: number }>(req, ['params']);
    res.json(await getProduct(db, id));
  });

  router.get('/categories', async (_req, res) => {
    res.json({ items: await listCategories(db) });
  });

  router.post(
    '/products',
    ...adminOnly,
    jsonObjectBody({ required: true }),
    validate(...productBodyRules('required')),
    async (req, res) => {
      const input = validated<ProductInput>(req, ['body']);
      res.status(201).json(await createProduct(db, input));
    },
  );

  router.patch(
    '/products/:id',
    ...adminOnly,
    jsonObjectBody({ required: true }),
    validate(idParam('id'), ...productBodyRules('optional')),
    async (req, res) => {
      const { id } = validated<{ id: number }>(req, ['params']);
      const changes = validated<Partial<ProductInput>>(req, ['body']);
      if (Object.keys(changes).length === 0) {
        throw new HttpError(400, 'validation_failed', 'The request has invalid fields; see details.', [
          { field: 'body', message: `must set at least one of: ${PRODUCT_INPUT_FIELDS.join(', ')}` },
        ]);
      }
      res.json(await updateProduct(db, id, changes));
    },
  );

  return router;
}
