import pg from 'pg';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Database } from './database.js';
import { isTransientDbError } from './transient-errors.js';

export type DatabaseConfig = Pick<
  Config,
  'databaseUrl' | 'dbPoolMax' | 'dbConnectTimeoutMs' | 'dbStatementTimeoutMs'
>;

/** Read retries: 4 attempts in all, full-jitter back-off from 50 ms doubling, capped at 1 s per wait. */
const READ_ATTEMPTS = 4;
const BACKOFF_BASE_MS = 50;
const BACKOFF_CAP_MS = 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createDatabase(config: DatabaseConfig, logger: Logger): Database {
  const pool = new pg.Pool({
    connectionString: config.databaseUrl,
    max: config.dbPoolMax,
    connectionTimeoutMillis: config.dbConnectTimeoutMs,
    idleTimeoutMillis: 30_000,
    // Server side: a runaway statement is cancelled. Client side: if the network silently drops
    // (partition, dead primary) the query fails a little later instead of hanging forever.
    statement_timeout: config.dbStatementTimeoutMs,
    query_timeout: config.dbStatementTimeoutMs + 1000,
    idle_in_transaction_session_timeout: config.dbStatementTimeoutMs * 2,
    keepAlive: true,
    application_name: 'dhakacart-backend',
  });
  // An idle client losing its connection (restart, failover) emits here; without a listener the
  // process would crash. The pool drops that client and makes a new one on the next checkout.
  pool.on('error', (err) => logger.warn({ err: { message: err.message } }, 'idle database connection lost'));

  const query: Database['query'] = (text, values) => pool.query(text, values);

  const read: Database['read'] = async (text, values) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await pool.query(text, values);
      } catch (err) {
        if (attempt >= READ_ATTEMPTS || !isTransientDbError(err)) throw err;
        const wait = Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
        logger.debug({ attempt, waitMs: Math.round(wait), err: (err as Error).message }, 'retrying read');
        await sleep(wait);
      }
    }
  };

  const transaction: Database['transaction'] = async (work) => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackErr) {
        // The connection itself is gone or unusable: destroy it rather than return it to the pool.
        broken = rollbackErr as Error;
      }
      throw err;
    } finally {
      client.release(broken);
    }
  };

  const ping: Database['ping'] = async (timeoutMs) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const probe = pool.query('SELECT 1').then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  let closing: Promise<void> | undefined;
  const close = () => (closing ??= pool.end());

  return { pool, read, query, transaction, ping, close };
}
