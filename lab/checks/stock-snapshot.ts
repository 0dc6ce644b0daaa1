import { withClient } from './database-client.js';

/**
 * Stock per product id at one moment, and the newest order id at that same moment. The stock check
 * compares later stock with "this stock minus units sold since", and `lastOrderId` is what "since"
 * means: orders with a higher id were placed after the snapshot (ids come from an identity sequence, and
 * a promoted standby's sequence continues past the old primary's, so this holds across a failover).
 * It is a Map, so callers that only want stock per product can treat it as one.
 */
export class StockSnapshot extends Map<number, number> {
  constructor(
    entries: Iterable<readonly [number, number]>,
    readonly lastOrderId: number,
  ) {
    super(entries);
  }
}

/** Reads every product's stock and the newest order id in one consistent snapshot (REPEATABLE READ). */
export async function snapshotStock(adminUrl: string): Promise<StockSnapshot> {
  return withClient(adminUrl, async (client) => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const products = await client.query<{ id: number; stock: number }>(
        'SELECT id, stock FROM products ORDER BY id',
      );
      const orders = await client.query<{ last: string }>(
        'SELECT COALESCE(max(id), 0)::text AS last FROM orders',
      );
      return new StockSnapshot(
        products.rows.map((p) => [p.id, p.stock] as const),
        Number(orders.rows[0]!.last),
      );
    } finally {
      await client.query('COMMIT');
    }
  });
}
