import type { RequestRecord } from '../load/request-record.js';
import type { SloSpec } from '../scenario/scenario-types.js';
import type { FaultInput, TopologyEvent } from './fault-input.js';
import { WindowTally, windowTargets } from './slo-window.js';

export interface Detection {
  /** Epoch ms. */
  detectedAt: number;
  /** What noticed, in words: the event and its subject, or the alert condition and the target missed. */
  detectedBy: string;
}

/** The alert condition's window: an alert on "SLO breached over the last second" (a fast-burn alert). */
export const alertWindowMs = 1000;

/**
 * Pod events carry the pod runtime's clock (performance.timeOrigin + now()), faults Date.now(); the two
 * can differ by a few ms, so an event this close before the injection still belongs to it.
 */
const clockSlackMs = 25;

// Not `killing`: the lab emits it for the kill it injects itself, so it would detect every pod fault
// at 0 ms. Detection is the system noticing: the pod leaving the Service or its readiness flipping.
const podDetectionEvents = new Set(['unready', 'endpoint-removed']);

/**
 * When the system noticed the fault, by the first signal that applies:
 * - a pod fault (kind `pod-…`): the victim's first `unready` or `endpoint-removed` event after
 *   injection (readiness flipped, or it left the Service);
 * - a database fault (kind `db-…`): the first failover or promotion event after injection, else the
 *   fault's own `detail.promotedAt`;
 * - otherwise, or when those signals are absent: the first moment the alert condition is true — the SLO
 *   (availability and latency targets) breached over the requests that finished in the last second.
 * Undefined when nothing noticed.
 */
export function timeToDetect(
  events: readonly TopologyEvent[],
  fault: FaultInput,
  records?: readonly RequestRecord[],
  slo?: SloSpec,
): Detection | undefined {
  const after = events.filter((e) => e.at >= fault.injectedAt - clockSlackMs).sort((a, b) => a.at - b.at);
  const byEvent = fault.kind.startsWith('pod-')
    ? podSignal(after, fault)
    : fault.kind.startsWith('db-')
      ? databaseSignal(after, fault)
      : undefined;
  if (byEvent) return { ...byEvent, detectedAt: Math.max(byEvent.detectedAt, fault.injectedAt) };
  return records && slo ? alertCondition(records, fault.injectedAt, slo) : undefined;
}

function podSignal(events: readonly TopologyEvent[], fault: FaultInput): Detection | undefined {
  const victims = new Set([fault.target]);
  if (typeof fault.detail?.killed === 'string')
    for (const pod of fault.detail.killed.split(',')) victims.add(pod.trim());
  const survivor = fault.detail?.survivor;
  const event = events.find((e) => {
    if (!podDetectionEvents.has(e.type) || typeof e.pod !== 'string' || e.pod === survivor) return false;
    // The target is a pod (pod-kill, pod-pause) or a Deployment (pod-kill-all-but-one).
    return victims.has(e.pod) || e.deployment === fault.target;
  });
  if (!event) return undefined;
  const reason = typeof event.reason === 'string' ? ` (${event.reason})` : '';
  return { detectedAt: event.at, detectedBy: `${event.type}: pod ${String(event.pod)}${reason}` };
}

/** Event types that say the database fail-over machinery acted (promotion, failover detected or done). */
const databaseEventType = /promot|failover/i;

function databaseSignal(events: readonly TopologyEvent[], fault: FaultInput): Detection | undefined {
  const event = events.find((e) => e.type !== 'fault-injected' && databaseEventType.test(e.type));
  if (event) {
    const node = typeof event.node === 'string' ? ` (${event.node})` : '';
    return { detectedAt: event.at, detectedBy: `${event.type}${node}` };
  }
  const promotedAt = fault.detail?.promotedAt;
  const at = typeof promotedAt === 'string' ? Date.parse(promotedAt) : NaN;
  if (Number.isNaN(at)) return undefined;
  const node = typeof fault.detail?.newPrimary === 'string' ? ` (${fault.detail.newPrimary})` : '';
  return { detectedAt: at, detectedBy: `standby promoted${node}` };
}

/**
 * The first moment at or after injection when the requests that finished in the last `alertWindowMs`
 * miss the SLO. Evaluated at each request's finish, the moment a monitoring system could know it.
 */
export function alertCondition(
  records: readonly RequestRecord[],
  from: number,
  slo: SloSpec,
): Detection | undefined {
  const sorted = [...records].sort((a, b) => a.finishedAt - b.finishedAt);
  const tally = new WindowTally(windowTargets(slo));
  let oldest = 0;
  for (const record of sorted) {
    tally.add(record);
    while (sorted[oldest]!.finishedAt <= record.finishedAt - alertWindowMs) tally.remove(sorted[oldest++]!);
    if (record.finishedAt < from) continue;
    const breach = tally.breach();
    if (breach !== undefined)
      return {
        detectedAt: record.finishedAt,
        detectedBy: `alert condition: SLO breached over the last ${alertWindowMs / 1000} s (${breach})`,
      };
  }
  return undefined;
}
