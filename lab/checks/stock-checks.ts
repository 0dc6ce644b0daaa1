import type pg from 'pg';
import type { CheckResult } from '../report/report-model.js';
import { listSome } from './order-keys.js';
import { StockSnapshot } from './stock-snapshot.js';

interface ProductRow {
  id: number;
  sku: string;
  stock: number;
  sold: string;
}

/**
 * Stock balances: for every product in the initial snapshot, stock now = initial stock − units sold
 * since (the sum of order_items.quantity over orders placed after the snapshot). A difference means an
 * order changed stock without a recorded sale, or the reverse (a lost update, a half-applied checkout).
 * And stock is never negative. Given a plain Map (not a StockSnapshot), every order counts as "since".
 */
export async function checkStock(
  client: pg.Client,
  initialStock: ReadonlyMap<number, number>,
): Promise<CheckResult[]> {
  const since = initialStock instanceof StockSnapshot ? initialStock.lastOrderId : 0;
  const { rows } = await client.query<ProductRow>(
    `SELECT p.id, p.sku, p.stock, COALESCE(sum(oi.quantity) FILTER (WHERE oi.order_id > $1), 0)::text AS sold
       FROM products p LEFT JOIN order_items oi ON oi.product_id = p.id
      GROUP BY p.id ORDER BY p.id`,
    [since],
  );
  return [balanceCheck(rows, initialStock), notNegativeCheck(rows)];
}

function balanceCheck(rows: readonly ProductRow[], initialStock: ReadonlyMap<number, number>): CheckResult {
  const wrong: string[] = [];
  let checked = 0;
  let unitsSold = 0;
  for (const row of rows) {
    const initial = initialStock.get(row.id);
    if (initial === undefined) continue;
    checked += 1;
    const sold = Number(row.sold);
    unitsSold += sold;
    const expected = initial - sold;
    if (row.stock !== expected)
      wrong.push(
        `product ${row.id} (${row.sku}): stock ${row.stock}, expected ${expected} (${initial} initially − ${sold} sold)`,
      );
  }
  const vanished = [...initialStock.keys()].filter((id) => !rows.some((r) => r.id === id));
  if (vanished.length > 0) wrong.push(`products ${listSome(vanished.map(String))} no longer exist`);
  return {
    name: 'stock-balances',
    description: 'Stock equals the initial stock minus the units sold (order items) since, for every product',
    pass: wrong.length === 0,
    detail:
      wrong.length === 0
        ? `All ${checked} products balance: ${unitsSold} units sold, stock reduced by exactly that.`
        : `${wrong.length} of ${initialStock.size} products do not balance: ${listSome(wrong)}.`,
    figures: { products: checked, unitsSold, unbalanced: wrong.length },
  };
}

function notNegativeCheck(rows: readonly ProductRow[]): CheckResult {
  const negative = rows.filter((r) => r.stock < 0).map((r) => `product ${r.id} (${r.sku}): ${r.stock}`);
  return {
    name: 'stock-never-negative',
    description: 'No product has negative stock (the shop never sells what it does not have)',
    pass: negative.length === 0,
    detail:
      negative.length === 0
        ? `No product of ${rows.length} has negative stock.`
        : `${negative.length} products have negative stock: ${listSome(negative)}.`,
    figures: { products: rows.length, negative: negative.length },
  };
}
