import type { FailoverResult } from '../control/lab-controller.js';
import { faultHandle, type FaultFactory } from './fault-types.js';

/**
 * The database primary crashes (SIGKILL, as a lost host); after the detection delay the standby is
 * promoted and clients are re-pointed, as RDS Multi-AZ fails over. `inject` returns as soon as the
 * primary is down; the failover goes on by itself, and `revert()` waits for it to finish (a crashed
 * host cannot be un-crashed; the runner re-clones the old primary as a standby after the method).
 */
export const dbFailover: FaultFactory<'db-failover', Record<string, never>> = {
  kind: 'db-failover',
  description: 'kill the database primary; the standby is promoted after the detection delay',
  async inject(context) {
    const oldPrimary = context.controller.status().database.primary.name;
    const entry = {
      kind: 'db-failover',
      target: oldPrimary,
      injectedAt: Date.now(),
      detail: {} as Record<string, string | number | boolean>,
    };
    const failover = context.controller.failoverDatabase().then((result: FailoverResult) => {
      entry.detail.newPrimary = result.newPrimary;
      entry.detail.promotedAt = result.promotedAt;
      entry.detail.repointedAt = result.repointedAt;
      entry.detail.failoverMs = Date.parse(result.repointedAt) - Date.parse(result.killedAt);
      return result;
    });
    // Failures surface through revert() (the runner always calls it); until then, none is unhandled.
    failover.catch(() => {});
    // The kill itself is immediate; a short wait lets a fast failure (no primary) surface here.
    await Promise.race([failover, new Promise((resolve) => setTimeout(resolve, 50))]);
    const handle = faultHandle(entry, async () => {
      await failover;
    });
    context.record(entry, handle);
    return handle;
  },
};
