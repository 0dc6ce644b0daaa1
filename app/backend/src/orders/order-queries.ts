import type { Database } from '../db/database.js';
import { notFound } from '../http/errors.js';
import { ORDER_COLUMNS, withItems, type Order, type OrderItemRow, type OrderRow } from './order.js';

/** Reading a user's own orders (through db.read, so retried on a database blip). */

export async function listOrders(
  db: Database,
  userId: number,
  limit: number,
  offset: number,
): Promise<Order[]> {
  const orders = await db.read<OrderRow>(
    `SELECT ${ORDER_COLUMNS} FROM orders WHERE user_id = $1
      ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
    [userId, limit, offset],
  );
  return withItems((text, values) => db.read<OrderItemRow>(text, values), orders.rows);
}

/** Someone else's order is reported as not found, never as forbidden: ids are not to be probed. */
export async function getOrder(db: Database, userId: number, orderId: number): Promise<Order> {
  const result = await db.read<OrderRow>(
    `SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1 AND user_id = $2`,
    [orderId, userId],
  );
  const [order] = await withItems((text, values) => db.read<OrderItemRow>(text, values), result.rows);
  if (!order) throw notFound(`Order ${orderId}`);
  return order;
}
