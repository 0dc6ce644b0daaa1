import type { RequestRecord } from '../load/request-record.js';
import type { SloSpec } from '../scenario/scenario-types.js';
import { failed, latencyMs } from './request-outcome.js';

/**
 * When shoppers first felt the fault (epoch ms): the earliest moment at or after injection that a
 * request failed or broke the SLO's latency. A failed request is felt when its error arrived
 * (finishedAt; for a dropped request, when the generator gave up on it). A slow one is felt the moment
 * it became too slow: scheduledAt + the latency ceiling. The ceiling is the tightest latency target the
 * SLO sets (p95Ms if set, else p99Ms): one request above it is what a breach is made of. A request in
 * flight when the fault hit counts too, since it failed after injection. Undefined when nobody felt it.
 */
export function findImpact(
  records: readonly RequestRecord[],
  fault: { injectedAt: number },
  slo: SloSpec,
): number | undefined {
  const ceiling = slo.p95Ms ?? slo.p99Ms;
  let impactAt: number | undefined;
  for (const r of records) {
    let feltAt: number | undefined;
    if (failed(r)) feltAt = r.finishedAt;
    else if (ceiling !== undefined && latencyMs(r) > ceiling) feltAt = r.scheduledAt + ceiling;
    if (feltAt === undefined || feltAt < fault.injectedAt) continue;
    if (impactAt === undefined || feltAt < impactAt) impactAt = feltAt;
  }
  return impactAt;
}
