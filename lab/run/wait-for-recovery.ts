import { setTimeout as sleep } from 'node:timers/promises';
import type { RequestRecord } from '../load/request-record.js';
import { findRecovery } from '../measure/index.js';
import type { SloSpec } from '../scenario/scenario-types.js';
import { InterruptedError } from './run-context.js';

/** The shop did not recover in time: a weakness found (the scenario fails), not a scenario that could not run. */
export class NoRecoveryError extends Error {
  override readonly name = 'NoRecoveryError';
}

export interface WaitForRecoveryOptions {
  records: () => readonly RequestRecord[];
  t0: number;
  /** Epoch ms of the fault recovery is measured from. */
  from: number;
  slo: SloSpec;
  sustainMs: number;
  timeoutMs: number;
  signal: AbortSignal;
  /** How often the live records are looked at (default 250 ms). */
  pollMs?: number;
}

/**
 * Polls the live request records until the SLO has held for `sustainMs` after `from` (measure's
 * findRecovery decides, the same function the report uses). The newest second is left out of each look:
 * requests still in flight then (one that will time out, say) are not recorded yet, and judging without
 * them would call a recovery too early. Bounded by `timeoutMs`.
 */
export async function waitForRecovery(options: WaitForRecoveryOptions): Promise<number> {
  const deadline = Date.now() + options.timeoutMs;
  const inFlightMarginMs = 1000;
  for (;;) {
    const recoveredAt = findRecovery(options.records(), {
      t0: options.t0,
      from: options.from,
      until: Date.now() - inFlightMarginMs,
      slo: options.slo,
      sustainMs: options.sustainMs,
    });
    if (recoveredAt !== undefined) return recoveredAt;
    if (Date.now() >= deadline)
      throw new NoRecoveryError(
        `no recovery within ${options.timeoutMs} ms of the fault: the SLO did not hold for ${options.sustainMs} ms in a row`,
      );
    try {
      await sleep(Math.min(options.pollMs ?? 250, Math.max(1, deadline - Date.now())), undefined, {
        signal: options.signal,
      });
    } catch {
      throw new InterruptedError('interrupted while waiting for recovery');
    }
  }
}
