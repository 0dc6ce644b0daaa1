import type pg from 'pg';
import { rethrowUnknownUser } from '../catalog/db-errors.js';
import type { Database } from '../db/database.js';
import { badRequest, HttpError, notFound } from '../http/errors.js';
import type { RequestedLine } from './idempotency.js';
import { ORDER_COLUMNS, toOrder, withItems, type Order, type OrderItemRow, type OrderRow } from './order.js';

/**
 * Checkout, in ONE transaction:
 * 1. claim (user, Idempotency-Key) by inserting the order row. The unique constraint decides races:
 *    a second request with the same key waits on the first one's row and, once it commits, finds the
 *    conflict and replays the winner's order instead of placing another;
 * 2. take the lines (from the request, or the cart's rows locked FOR UPDATE);
 * 3. lock the products in id order (one global lock order, so concurrent checkouts cannot deadlock),
 *    check stock, and decrement it with a guarded UPDATE (stock >= quantity; the CHECK constraint
 *    is the last line of defence), so stock never goes negative however many checkouts race;
 * 4. price the lines from the catalogue's current prices (never from the client), write the lines and
 *    the total, and empty the ordered lines from the cart (one statement with step 3's decrement).
 * Any error rolls all of it back, including the key claim, so a failed checkout can be retried.
 */

export interface PlaceOrderRequest {
  userId: number;
  idempotencyKey: string;
  requestHash: string;
  /** Normalised lines (merged, sorted by product id), or 'cart' to order the cart. */
  lines: RequestedLine[] | 'cart';
}

export type PlaceOrderResult = { order: Order; replayed: boolean };

interface LockedProduct {
  id: number;
  name: string;
  price_poisha: number;
  stock: number;
}

export class InsufficientStockError extends HttpError {
  constructor(message: string) {
    super(409, 'insufficient_stock', message);
  }
}

export async function placeOrder(db: Database, request: PlaceOrderRequest): Promise<PlaceOrderResult> {
  try {
    return await db.transaction((client) => checkout(client, request));
  } catch (err) {
    return rethrowUnknownUser(err, 'orders_user_id_fkey');
  }
}

async function checkout(client: pg.PoolClient, request: PlaceOrderRequest): Promise<PlaceOrderResult> {
  const { userId, idempotencyKey } = request;
  const claim = await client.query<OrderRow>(
    `INSERT INTO orders (user_id, idempotency_key, request_hash, total_poisha) VALUES ($1, $2, $3, 0)
     ON CONFLICT (user_id, idempotency_key) DO NOTHING
     RETURNING ${ORDER_COLUMNS}`,
    [userId, idempotencyKey, request.requestHash],
  );
  const claimed = claim.rows[0];
  if (!claimed) return { order: await replay(client, request), replayed: true };

  const lines = request.lines === 'cart' ? await takeCartLines(client, userId) : request.lines;
  if (lines.length === 0) {
    throw badRequest('cart_empty', 'Your cart is empty: add products to it, or send "items" in the body.');
  }

  const ids = lines.map((l) => l.productId);
  const locked = await client.query<LockedProduct>(
    'SELECT id, name, price_poisha, stock FROM products WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE',
    [ids],
  );
  const products = new Map(locked.rows.map((p) => [p.id, p]));
  const missing = ids.filter((id) => !products.has(id));
  if (missing.length) throw notFound(`Product ${missing.join(', ')}`);
  const short = lines.filter((l) => (products.get(l.productId) as LockedProduct).stock < l.quantity);
  if (short.length) {
    const what = short.map((l) => {
      const p = products.get(l.productId) as LockedProduct;
      return `${p.name} (product ${p.id}): asked for ${l.quantity}, ${p.stock} in stock`;
    });
    throw new InsufficientStockError(`Not enough stock for ${what.join('; ')}.`);
  }

  const items: OrderItemRow[] = lines.map((l) => {
    const p = products.get(l.productId) as LockedProduct;
    return {
      order_id: claimed.id,
      product_id: p.id,
      product_name: p.name,
      price_poisha: p.price_poisha,
      quantity: l.quantity,
    };
  });
  const totalPoisha = items.reduce((sum, i) => sum + i.price_poisha * i.quantity, 0);
  // One round trip for the writes (data-modifying CTEs always run to completion): decrement stock,
  // record the lines, set the total and, for a cart order, remove the ordered lines from the cart.
  const written = await client.query<{ decremented: number }>(
    `WITH line AS (
       SELECT * FROM unnest($2::int[], $3::int[], $4::text[], $5::int[])
         AS l(product_id, quantity, product_name, price_poisha)
     ), decremented AS (
       UPDATE products p SET stock = p.stock - line.quantity, updated_at = now()
         FROM line WHERE p.id = line.product_id AND p.stock >= line.quantity
       RETURNING p.id
     ), recorded AS (
       INSERT INTO order_items (order_id, product_id, product_name, price_poisha, quantity)
       SELECT $1::bigint, product_id, product_name, price_poisha, quantity FROM line
     ), uncarted AS (
       DELETE FROM cart_items WHERE $7::boolean AND user_id = $8 AND product_id = ANY($2::int[])
     )
     UPDATE orders SET total_poisha = $6 WHERE id = $1
     RETURNING (SELECT count(*) FROM decremented)::int AS decremented`,
    [
      claimed.id,
      ids,
      items.map((i) => i.quantity),
      items.map((i) => i.product_name),
      items.map((i) => i.price_poisha),
      totalPoisha,
      request.lines === 'cart',
      userId,
    ],
  );
  if (written.rows[0]?.decremented !== lines.length) {
    // Unreachable while the rows are locked above; refuse (rolling back) rather than oversell.
    throw new InsufficientStockError('Stock changed during checkout; try again.');
  }
  return { order: toOrder({ ...claimed, total_poisha: String(totalPoisha) }, items), replayed: false };
}

/** The cart's lines, locked so a concurrent checkout of the same cart waits and then finds them gone. */
async function takeCartLines(client: pg.PoolClient, userId: number): Promise<RequestedLine[]> {
  const result = await client.query<{ product_id: number; quantity: number }>(
    'SELECT product_id, quantity FROM cart_items WHERE user_id = $1 ORDER BY product_id FOR UPDATE',
    [userId],
  );
  return result.rows.map((r) => ({ productId: r.product_id, quantity: r.quantity }));
}

/** The order an earlier request with this key placed, if it asked for the same thing. */
async function replay(client: pg.PoolClient, request: PlaceOrderRequest): Promise<Order> {
  // READ COMMITTED: this statement sees the winner's row, which the INSERT above waited for.
  const existing = await client.query<OrderRow & { request_hash: string }>(
    `SELECT ${ORDER_COLUMNS}, request_hash FROM orders WHERE user_id = $1 AND idempotency_key = $2`,
    [request.userId, request.idempotencyKey],
  );
  const row = existing.rows[0];
  if (!row) throw new Error('idempotency conflict without a committed order'); // unreachable: no deletes
  if (row.request_hash !== request.requestHash) {
    throw new HttpError(
      422,
      'idempotency_key_reused',
      'This Idempotency-Key was already used for a different order request; use a new key for a new order.',
    );
  }
  const [order] = await withItems((text, values) => client.query<OrderItemRow>(text, values), [row]);
  return order as Order;
}
