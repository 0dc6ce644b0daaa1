import type { LinkName } from '../scenario/scenario-types.js';
import { faultHandle, type FaultFactory } from './fault-types.js';

/** Every byte on a link is delayed by `latencyMs` ± `jitterMs` (a Toxiproxy latency toxic). */
export const networkLatency: FaultFactory<
  'network-latency',
  { link: LinkName; latencyMs: number; jitterMs?: number }
> = {
  kind: 'network-latency',
  description: 'add latency (± jitter) on a named link through Toxiproxy',
  async inject(context, { link, latencyMs, jitterMs = 0 }) {
    const injectedAt = Date.now();
    await context.controller.addLatency({ link, latencyMs, jitterMs });
    const entry = { kind: 'network-latency', target: link, injectedAt, detail: { latencyMs, jitterMs } };
    // Clearing the link removes every toxic on it: faults on one link are meant to be one at a time.
    const handle = faultHandle(entry, () => context.controller.clearFaults(link));
    context.record(entry, handle);
    return handle;
  },
};
