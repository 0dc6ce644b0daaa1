import type pg from 'pg';
import { CURRENCY, poishaToTaka } from '../catalog/money.js';

/** An order as the API shows it, and the SQL that reads orders back. */

export interface OrderLine {
  productId: number;
  name: string;
  price: number;
  quantity: number;
  lineTotal: number;
}

export interface Order {
  id: number;
  status: string;
  items: OrderLine[];
  total: number;
  currency: typeof CURRENCY;
  createdAt: string;
}

export interface OrderRow {
  id: string; // bigint
  status: string;
  total_poisha: string; // bigint
  created_at: Date;
}

export interface OrderItemRow {
  order_id: string;
  product_id: number;
  product_name: string;
  price_poisha: number;
  quantity: number;
}

export function toOrder(row: OrderRow, items: OrderItemRow[]): Order {
  return {
    id: Number(row.id),
    status: row.status,
    items: items.map((i) => ({
      productId: i.product_id,
      name: i.product_name,
      price: poishaToTaka(i.price_poisha),
      quantity: i.quantity,
      lineTotal: poishaToTaka(i.price_poisha * i.quantity),
    })),
    total: poishaToTaka(row.total_poisha),
    currency: CURRENCY,
    createdAt: row.created_at.toISOString(),
  };
}

/** `db.read` or a transaction client's `query`, whichever the caller is inside. */
export type RunQuery<R extends pg.QueryResultRow> = (
  text: string,
  values: unknown[],
) => Promise<pg.QueryResult<R>>;

export const ORDER_COLUMNS = 'id, status, total_poisha, created_at';

/** Attaches each order's lines (one query for the whole page). */
export async function withItems(run: RunQuery<OrderItemRow>, rows: OrderRow[]): Promise<Order[]> {
  if (rows.length === 0) return [];
  const items = await run(
    `SELECT order_id, product_id, product_name, price_poisha, quantity
       FROM order_items WHERE order_id = ANY($1::bigint[]) ORDER BY order_id, product_id`,
    [rows.map((r) => r.id)],
  );
  const byOrder = new Map<string, OrderItemRow[]>();
  for (const item of items.rows) {
    const list = byOrder.get(item.order_id) ?? [];
    list.push(item);
    byOrder.set(item.order_id, list);
  }
  return rows.map((row) => toOrder(row, byOrder.get(row.id) ?? []));
}
