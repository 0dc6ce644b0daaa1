import type pg from 'pg';

/**
 * The backend's only door to PostgreSQL (implemented in ./create-database.ts).
 * - `read`: for idempotent reads; retried with back-off on transient connection errors
 *   (connection refused/reset/terminated, timeouts, 57P01 admin_shutdown, 08xxx), so a brief database
 *   blip or failover is invisible to GETs.
 * - `query`: a single statement that is NOT retried (writes).
 * - `transaction`: BEGIN … COMMIT on one pooled client, ROLLBACK on error; not retried.
 * - `ping`: `SELECT 1` bounded by `timeoutMs`; resolves false instead of throwing (used by /readyz).
 */
export interface Database {
  readonly pool: pg.Pool;
  read<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
  transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  ping(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}
