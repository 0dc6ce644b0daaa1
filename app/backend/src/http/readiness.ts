import type { Database } from '../db/database.js';

export type NotReadyReason = 'database_unreachable' | 'draining' | 'migrations_pending';
export type ReadinessResult = { ready: true } | { ready: false; reason: NotReadyReason };

/**
 * Whether this instance should receive traffic. server.ts flips `draining` on SIGTERM and
 * `migrated` once the background migration loop has succeeded; every check pings the database.
 */
export class Readiness {
  draining = false;

  constructor(
    private readonly db: Database,
    private readonly timeoutMs: number,
    public migrated = true,
  ) {}

  async check(): Promise<ReadinessResult> {
    if (this.draining) return { ready: false, reason: 'draining' };
    if (!(await this.db.ping(this.timeoutMs))) return { ready: false, reason: 'database_unreachable' };
    if (!this.migrated) return { ready: false, reason: 'migrations_pending' };
    return { ready: true };
  }
}
