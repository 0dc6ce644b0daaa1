import type { OrderAttempt } from '../load/request-record.js';
import type { CheckResult } from '../report/report-model.js';
import { withClient } from './database-client.js';
import { checkOrders } from './order-checks.js';
import { checkStandby } from './standby-check.js';
import { checkStock } from './stock-checks.js';

export interface DataCheckOptions {
  /** The database that is primary now (after a failover: the promoted one). */
  primaryUrl: string;
  /** Every order attempt the load made. */
  orders: readonly OrderAttempt[];
  /** From snapshotStock before the load started. */
  initialStock: ReadonlyMap<number, number>;
  /** Resolves once the standby replayed everything the primary wrote; bounded by standbyTimeoutMs. */
  waitForStandbyCaughtUp?: () => Promise<void>;
  hasStandby: boolean;
  /** Default 30 000 ms. */
  standbyTimeoutMs?: number;
}

export interface DataCheckResults {
  checks: CheckResult[];
  /** Acknowledged orders missing from the database (RPO in orders). */
  lostOrders: number;
  ambiguous: { total: number; made: number };
}

/**
 * The data checks after a scenario, against the real database: acknowledged orders exist once,
 * ambiguous ones at most once, stock balances and is never negative, the standby caught up. The
 * standby is waited for first, so the other checks read a primary whose writes are all replicated.
 * A database that cannot be reached is an error (the checks could not run), not a failed check.
 */
export async function runDataChecks(options: DataCheckOptions): Promise<DataCheckResults> {
  const standby = await checkStandby({
    hasStandby: options.hasStandby,
    ...(options.waitForStandbyCaughtUp && { waitForStandbyCaughtUp: options.waitForStandbyCaughtUp }),
    ...(options.standbyTimeoutMs !== undefined && { timeoutMs: options.standbyTimeoutMs }),
  });
  return withClient(options.primaryUrl, async (client) => {
    // One snapshot for all the queries, so the orders and the stock they are compared with agree.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const orders = await checkOrders(client, options.orders);
      const stock = await checkStock(client, options.initialStock);
      return {
        checks: [...orders.checks, ...stock, standby],
        lostOrders: orders.lostOrders,
        ambiguous: orders.ambiguous,
      };
    } finally {
      await client.query('COMMIT').catch(() => {});
    }
  });
}
