import { rethrowUnknownUser } from '../catalog/db-errors.js';
import { CURRENCY, poishaToTaka } from '../catalog/money.js';
import type { Database } from '../db/database.js';
import { HttpError, notFound } from '../http/errors.js';

/**
 * The signed-in user's cart, one `cart_items` row per product, priced at the catalogue's current prices.
 *
 * Stock is NOT checked here: a cart is a wish list and stock moves while it sits there, so adding more
 * than is in stock is allowed and checkout (POST /api/orders) is the one place that enforces stock
 * (409 insufficient_stock). The cart does cap each line at MAX_LINE_QUANTITY.
 */

export const MAX_LINE_QUANTITY = 100;

export interface CartLine {
  productId: number;
  name: string;
  price: number;
  quantity: number;
  lineTotal: number;
}

export interface Cart {
  items: CartLine[];
  total: number;
  currency: typeof CURRENCY;
}

interface CartRow {
  product_id: number;
  name: string;
  price_poisha: number;
  quantity: number;
}

const USER_FK = 'cart_items_user_id_fkey';

export async function readCart(db: Database, userId: number): Promise<Cart> {
  const result = await db.read<CartRow>(
    `SELECT c.product_id, p.name, p.price_poisha, c.quantity
       FROM cart_items c JOIN products p ON p.id = c.product_id
      WHERE c.user_id = $1
      ORDER BY c.added_at, c.product_id`,
    [userId],
  );
  let totalPoisha = 0;
  const items = result.rows.map((row) => {
    const linePoisha = row.price_poisha * row.quantity;
    totalPoisha += linePoisha;
    return {
      productId: row.product_id,
      name: row.name,
      price: poishaToTaka(row.price_poisha),
      quantity: row.quantity,
      lineTotal: poishaToTaka(linePoisha),
    };
  });
  return { items, total: poishaToTaka(totalPoisha), currency: CURRENCY };
}

async function productExists(db: Database, productId: number): Promise<boolean> {
  const result = await db.read('SELECT 1 FROM products WHERE id = $1', [productId]);
  return (result.rowCount ?? 0) > 0;
}

function lineTooLarge(): HttpError {
  return new HttpError(400, 'validation_failed', 'The request has invalid fields; see details.', [
    {
      field: 'quantity',
      message: `would make the cart line exceed ${MAX_LINE_QUANTITY}, the most one line may hold`,
    },
  ]);
}

/** Adds `quantity` to the product's line (creating it); 404 for an unknown product. */
export async function addToCart(
  db: Database,
  userId: number,
  productId: number,
  quantity: number,
): Promise<void> {
  // INSERT … SELECT FROM products: no row for an unknown product instead of a foreign-key error;
  // the ON CONFLICT … WHERE leaves an over-full line untouched (also no row).
  const result = await db
    .query(
      `INSERT INTO cart_items (user_id, product_id, quantity)
       SELECT $1, id, $3 FROM products WHERE id = $2
       ON CONFLICT (user_id, product_id) DO UPDATE
         SET quantity = cart_items.quantity + EXCLUDED.quantity, updated_at = now()
         WHERE cart_items.quantity + EXCLUDED.quantity <= $4
       RETURNING quantity`,
      [userId, productId, quantity, MAX_LINE_QUANTITY],
    )
    .catch((err: unknown) => rethrowUnknownUser(err, USER_FK));
  if (result.rowCount) return;
  if (!(await productExists(db, productId))) throw notFound(`Product ${productId}`);
  throw lineTooLarge();
}

/** Sets the product's line to `quantity` (creating it); 404 for an unknown product. */
export async function setCartQuantity(
  db: Database,
  userId: number,
  productId: number,
  quantity: number,
): Promise<void> {
  const result = await db
    .query(
      `INSERT INTO cart_items (user_id, product_id, quantity)
       SELECT $1, id, $3 FROM products WHERE id = $2
       ON CONFLICT (user_id, product_id) DO UPDATE SET quantity = EXCLUDED.quantity, updated_at = now()
       RETURNING quantity`,
      [userId, productId, quantity],
    )
    .catch((err: unknown) => rethrowUnknownUser(err, USER_FK));
  if (!result.rowCount) throw notFound(`Product ${productId}`);
}

/** Removes one line; removing a line that is not there is not an error (DELETE is idempotent). */
export async function removeFromCart(db: Database, userId: number, productId: number): Promise<void> {
  await db.query('DELETE FROM cart_items WHERE user_id = $1 AND product_id = $2', [userId, productId]);
}

export async function emptyCart(db: Database, userId: number): Promise<void> {
  await db.query('DELETE FROM cart_items WHERE user_id = $1', [userId]);
}
