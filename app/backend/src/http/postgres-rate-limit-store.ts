import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import type { Database } from '../db/database.js';
import { isTransientDbError } from '../db/transient-errors.js';

/**
 * express-rate-limit Store over our own Database, so every replica shares one counter per key.
 *
 * Hand-written rather than @acpr/rate-limit-postgresql (checked at 1.4.1): that package builds its own
 * pg Pool from a connection config (pinned pg 8.11 / pg-pool 3.6), so it cannot reuse our pool, its
 * connect/statement timeouts or its error handling, and it runs its own schema migrations
 * (postgres-migrations) from a synchronous init() that requests can race. Ours is one atomic upsert
 * per hit on a table our migration owns (1700000000001_users-and-rate-limits.sql).
 *
 * Fixed windows: a key's window starts at its first hit and resets `windowMs` later.
 */
export class PostgresRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;
  private sweeper: NodeJS.Timeout | undefined;
  /** After a connection failure, fail fast for a moment instead of waiting out a connect timeout per request. */
  private unavailableUntil = 0;

  constructor(
    private readonly db: Database,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
    // Expired rows are dead weight only; sweep them now and then (unref: never keeps the process up).
    this.sweeper = setInterval(() => void this.sweep(), Math.max(this.windowMs, 60_000));
    this.sweeper.unref();
  }

  async increment(key: string): Promise<IncrementResponse> {
    if (Date.now() < this.unavailableUntil)
      throw new Error('rate-limit store: database recently unreachable');
    try {
      const { rows } = await this.db.query<{ hits: number; reset_at: Date }>(
        `INSERT INTO rate_limit_hits AS r (key, hits, reset_at)
         VALUES ($1, 1, now() + make_interval(secs => $2::double precision / 1000))
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN r.reset_at <= now() THEN 1 ELSE r.hits + 1 END,
           reset_at = CASE WHEN r.reset_at <= now() THEN EXCLUDED.reset_at ELSE r.reset_at END
         RETURNING hits, reset_at`,
        [this.prefix + key, this.windowMs],
      );
      const row = rows[0]!;
      return { totalHits: row.hits, resetTime: row.reset_at };
    } catch (err) {
      if (isTransientDbError(err)) this.unavailableUntil = Date.now() + 1000;
      throw err;
    }
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const { rows } = await this.db.query<{ hits: number; reset_at: Date }>(
      `SELECT hits, reset_at FROM rate_limit_hits WHERE key = $1 AND reset_at > now()`,
      [this.prefix + key],
    );
    const row = rows[0];
    return row && { totalHits: row.hits, resetTime: row.reset_at };
  }

  async decrement(key: string): Promise<void> {
    await this.db.query(
      `UPDATE rate_limit_hits SET hits = greatest(hits - 1, 0) WHERE key = $1 AND reset_at > now()`,
      [this.prefix + key],
    );
  }

  async resetKey(key: string): Promise<void> {
    await this.db.query(`DELETE FROM rate_limit_hits WHERE key = $1`, [this.prefix + key]);
  }

  shutdown(): void {
    clearInterval(this.sweeper);
  }

  private async sweep(): Promise<void> {
    await this.db
      .query(`DELETE FROM rate_limit_hits WHERE left(key, length($1)) = $1 AND reset_at <= now()`, [
        this.prefix,
      ])
      .catch(() => undefined); // best effort: the next sweep tries again
  }
}
