import type { AutoscalerSpec, ScalingRules } from '../../../topology/model.js';

/**
 * The HorizontalPodAutoscaler's algorithm (autoscaling/v2, Resource metrics with Utilization targets) for
 * the local profile, as pure functions over already measured usage (autoscaler.ts runs them), following
 * the Kubernetes controller (pkg/controller/podautoscaler: horizontal.go and replica_calculator.go) step by
 * step, so the lab scales when, and as far as, a cluster would:
 * 1. per metric, utilisation = total usage / total request of the ready pods (a whole percentage);
 *    desired = ceil(ratio × ready pods), or the current count when the ratio is within the tolerance;
 *    pods without a usable metric are counted conservatively (see `replicasForResource`);
 * 2. the highest proposal over the metrics wins; an unavailable metric never lets the others scale down;
 * 3. stabilisation: the lowest recommendation of the scale-up window, the highest of the scale-down one;
 * 4. rate limits: each policy allows a change relative to the replica count at the start of its period
 *    (scale events inside the period are undone), selectPolicy picks among them; then minReplicas/maxReplicas.
 * Hand-written: there is no library for it in Node, and the lab's value is in matching these numbers.
 */

export type ResourceName = 'cpu' | 'memory';

/** Per-pod requests of the pod template (the container's resources.requests). */
export interface PodRequests {
  cpuMillicores?: number;
  memoryBytes?: number;
}

/** One metric's usage at one sync, grouped as the replica calculator groups pods. */
export interface ResourceUsageGroups {
  /** Usage of each ready pod that has a metric: millicores (cpu) or bytes (memory). */
  ready: readonly number[];
  /** Pods whose metric is not to be trusted yet (not ready, or CPU not yet measured over a full window). */
  unready: number;
  /** Pods without a metric (the process could not be read). */
  missing: number;
}

export type MetricProposal =
  { ok: true; replicas: number; utilization: number; averageValue: number } | { ok: false; message: string };

/** Within tolerance when 1 - tolerance ≤ ratio ≤ 1 + tolerance (both ends included, as Kubernetes). */
function withinTolerance(ratio: number, tolerance: number): boolean {
  return 1 - tolerance <= ratio && ratio <= 1 + tolerance;
}

/** Utilisation as Kubernetes computes it: a whole percentage (integer division) of the summed requests. */
function utilizationOf(usages: readonly number[], request: number, target: number) {
  const utilization = Math.floor((usages.reduce((sum, u) => sum + u, 0) * 100) / (request * usages.length));
  return { utilization, ratio: utilization / target };
}

/**
 * The replica count one Resource metric asks for (ReplicaCalculator.GetResourceReplicas). When pods lack a
 * usable metric the ratio is recomputed conservatively: missing pods count as 0 % on a scale-up and as
 * max(100 %, target) on a scale-down; unready pods count as 0 % on a scale-up and are ignored otherwise; and
 * the scale is left alone if that flips the direction or lands within the tolerance.
 */
export function replicasForResource(args: {
  resource: ResourceName;
  currentReplicas: number;
  /** averageUtilization of the metric target, in percent of the request. */
  targetUtilization: number;
  requestPerPod: number | undefined;
  usage: ResourceUsageGroups;
  tolerance: number;
}): MetricProposal {
  const {
    resource,
    currentReplicas,
    targetUtilization: target,
    requestPerPod: request,
    usage,
    tolerance,
  } = args;
  if (request === undefined || !(request > 0)) {
    return {
      ok: false,
      message: `missing request for ${resource}: the HPA measures utilisation as a percentage of the pod's request, so set resources.requests.${resource} on the container`,
    };
  }
  if (usage.ready.length === 0) {
    return {
      ok: false,
      message: `did not receive ${resource} metrics for any ready pod (pods might be unready)`,
    };
  }
  const base = utilizationOf(usage.ready, request, target);
  const averageValue = usage.ready.reduce((sum, u) => sum + u, 0) / usage.ready.length;
  const proposal = (replicas: number): MetricProposal => ({
    ok: true,
    replicas,
    utilization: base.utilization,
    averageValue,
  });

  const scaleUpWithUnready = usage.unready > 0 && base.ratio > 1;
  if (!scaleUpWithUnready && usage.missing === 0) {
    if (withinTolerance(base.ratio, tolerance)) return proposal(currentReplicas);
    return proposal(Math.ceil(base.ratio * usage.ready.length));
  }
  const filled = [...usage.ready];
  if (usage.missing > 0 && base.ratio < 1) {
    filled.push(...Array<number>(usage.missing).fill((request * Math.max(100, target)) / 100));
  } else if (usage.missing > 0 && base.ratio > 1) {
    filled.push(...Array<number>(usage.missing).fill(0));
  }
  if (scaleUpWithUnready) filled.push(...Array<number>(usage.unready).fill(0));
  const { ratio } = utilizationOf(filled, request, target);
  if (withinTolerance(ratio, tolerance) || (base.ratio < 1 && ratio > 1) || (base.ratio > 1 && ratio < 1)) {
    return proposal(currentReplicas);
  }
  const replicas = Math.ceil(ratio * filled.length);
  if ((ratio < 1 && replicas > currentReplicas) || (ratio > 1 && replicas < currentReplicas)) {
    return proposal(currentReplicas);
  }
  return proposal(replicas);
}

/** Recommendations and scale events an autoscaler remembers between syncs (per autoscaler). */
export interface ScalingHistory {
  recommendations: { atMs: number; replicas: number }[];
  /** Replicas added (scaleUps) or removed (scaleDowns) by each scale, for the policies' periods. */
  scaleUps: { atMs: number; replicas: number }[];
  scaleDowns: { atMs: number; replicas: number }[];
}

export function newScalingHistory(): ScalingHistory {
  return { recommendations: [], scaleUps: [], scaleDowns: [] };
}

type Behavior = AutoscalerSpec['behavior'];

/**
 * Applies the stabilisation windows and records `desired` as a recommendation at `nowMs`: the result
 * is at least the lowest recommendation of the scale-up window and at most the highest of the scale-down
 * window (recommendations strictly newer than now - window, the current one included).
 */
export function stabilizeRecommendation(
  history: ScalingHistory,
  behavior: Behavior,
  currentReplicas: number,
  desiredReplicas: number,
  nowMs: number,
): number {
  const upCutoff = nowMs - behavior.scaleUp.stabilizationWindowSeconds * 1000;
  const downCutoff = nowMs - behavior.scaleDown.stabilizationWindowSeconds * 1000;
  let upRecommendation = desiredReplicas;
  let downRecommendation = desiredReplicas;
  for (const rec of history.recommendations) {
    if (rec.atMs > upCutoff) upRecommendation = Math.min(upRecommendation, rec.replicas);
    if (rec.atMs > downCutoff) downRecommendation = Math.max(downRecommendation, rec.replicas);
  }
  // A recommendation at or before both cutoffs can never count again.
  const oldest = Math.min(upCutoff, downCutoff);
  history.recommendations = history.recommendations.filter((rec) => rec.atMs > oldest);
  history.recommendations.push({ atMs: nowMs, replicas: desiredReplicas });
  return Math.min(Math.max(currentReplicas, upRecommendation), downRecommendation);
}

function changeInPeriod(events: ScalingHistory['scaleUps'], periodSeconds: number, nowMs: number): number {
  const cutoff = nowMs - periodSeconds * 1000;
  return events.filter((e) => e.atMs > cutoff).reduce((sum, e) => sum + e.replicas, 0);
}

function periodStartReplicas(
  history: ScalingHistory,
  currentReplicas: number,
  periodSeconds: number,
  nowMs: number,
) {
  return (
    currentReplicas -
    changeInPeriod(history.scaleUps, periodSeconds, nowMs) +
    changeInPeriod(history.scaleDowns, periodSeconds, nowMs)
  );
}

/** The most replicas the scale-up policies allow now (selectPolicy Max: the largest, Min: the smallest). */
export function scaleUpLimit(
  history: ScalingHistory,
  rules: ScalingRules,
  currentReplicas: number,
  nowMs: number,
) {
  if (rules.selectPolicy === 'Disabled') return currentReplicas;
  const proposals = rules.policies.map((policy) => {
    const start = periodStartReplicas(history, currentReplicas, policy.periodSeconds, nowMs);
    // Rounded up, or a small Percent would never add a pod.
    return policy.type === 'Pods' ? start + policy.value : Math.ceil(start * (1 + policy.value / 100));
  });
  return rules.selectPolicy === 'Min' ? Math.min(...proposals) : Math.max(...proposals);
}

/** The fewest replicas the scale-down policies allow now (selectPolicy Max: the largest change). */
export function scaleDownLimit(
  history: ScalingHistory,
  rules: ScalingRules,
  currentReplicas: number,
  nowMs: number,
) {
  if (rules.selectPolicy === 'Disabled') return currentReplicas;
  const proposals = rules.policies.map((policy) => {
    const start = periodStartReplicas(history, currentReplicas, policy.periodSeconds, nowMs);
    return policy.type === 'Pods' ? start - policy.value : Math.trunc(start * (1 - policy.value / 100));
  });
  return rules.selectPolicy === 'Min' ? Math.max(...proposals) : Math.min(...proposals);
}

/** Why the rate limits changed a recommendation (the HPA's ScalingLimited condition reasons). */
export type LimitReason = 'ScaleUpLimit' | 'TooManyReplicas' | 'ScaleDownLimit' | 'TooFewReplicas';

/** Clamps a stabilised recommendation to the policies' rate and to [minReplicas, maxReplicas]. */
export function limitScaleRate(
  history: ScalingHistory,
  spec: Pick<AutoscalerSpec, 'minReplicas' | 'maxReplicas' | 'behavior'>,
  currentReplicas: number,
  desiredReplicas: number,
  nowMs: number,
): { replicas: number; limitedBy?: LimitReason } {
  if (desiredReplicas > currentReplicas) {
    const limit = Math.max(
      currentReplicas,
      scaleUpLimit(history, spec.behavior.scaleUp, currentReplicas, nowMs),
    );
    const allowed = Math.min(spec.maxReplicas, limit);
    const reason = spec.maxReplicas > limit ? 'ScaleUpLimit' : 'TooManyReplicas';
    return desiredReplicas > allowed
      ? { replicas: allowed, limitedBy: reason }
      : { replicas: desiredReplicas };
  }
  if (desiredReplicas < currentReplicas) {
    const limit = Math.min(
      currentReplicas,
      scaleDownLimit(history, spec.behavior.scaleDown, currentReplicas, nowMs),
    );
    const allowed = Math.max(spec.minReplicas, limit);
    const reason = spec.minReplicas < limit ? 'ScaleDownLimit' : 'TooFewReplicas';
    return desiredReplicas < allowed
      ? { replicas: allowed, limitedBy: reason }
      : { replicas: desiredReplicas };
  }
  return { replicas: desiredReplicas };
}

/** Remembers a scale that happened, for the policies' periods. */
export function recordScale(
  history: ScalingHistory,
  behavior: Behavior,
  from: number,
  to: number,
  nowMs: number,
) {
  const longest = Math.max(
    0,
    ...[behavior.scaleUp, behavior.scaleDown].flatMap((r) => r.policies.map((p) => p.periodSeconds)),
  );
  const keep = (e: { atMs: number }) => e.atMs > nowMs - longest * 1000;
  history.scaleUps = history.scaleUps.filter(keep);
  history.scaleDowns = history.scaleDowns.filter(keep);
  if (to > from) history.scaleUps.push({ atMs: nowMs, replicas: to - from });
  if (to < from) history.scaleDowns.push({ atMs: nowMs, replicas: from - to });
}

/** One metric's state at a sync, as `kubectl describe hpa` shows it. */
export interface MetricStatus {
  resource: ResourceName;
  targetUtilization: number;
  /** Mean usage of the ready pods in percent of the request; absent when the metric is unavailable. */
  currentUtilization?: number;
  /** Mean usage per ready pod: millicores (cpu) or bytes (memory). */
  averageValue?: number;
  /** The replica count this metric alone asks for. */
  desiredReplicas?: number;
  /** Why the metric is unavailable. */
  error?: string;
}

export interface Decision {
  currentReplicas: number;
  desiredReplicas: number;
  /** The rescale reason Kubernetes puts in its SuccessfulRescale event, e.g. `cpu resource utilization (percentage of request) above target`. */
  reason: string;
  limitedBy?: LimitReason;
  metrics: MetricStatus[];
  /** Set when the metrics could not be used; the replica count is then left alone. */
  error?: string;
}

/** One sync of the HPA (HorizontalController.reconcileAutoscaler) over already measured usage. */
export function reconcile(
  history: ScalingHistory,
  input: {
    spec: Pick<AutoscalerSpec, 'minReplicas' | 'maxReplicas' | 'metrics' | 'behavior'>;
    currentReplicas: number;
    usage: Partial<Record<ResourceName, ResourceUsageGroups>>;
    requests: PodRequests;
    tolerance: number;
    nowMs: number;
  },
): Decision {
  const { spec, currentReplicas: current, nowMs } = input;
  const keep = (reason: string, extra: Partial<Decision> = {}): Decision => ({
    currentReplicas: current,
    desiredReplicas: current,
    reason,
    metrics: [],
    ...extra,
  });
  if (current === 0 && spec.minReplicas !== 0)
    return keep('scaling is disabled while the target has 0 replicas');
  if (current > spec.maxReplicas) {
    return {
      ...keep('Current number of replicas above Spec.MaxReplicas'),
      desiredReplicas: spec.maxReplicas,
    };
  }
  if (current < spec.minReplicas) {
    return {
      ...keep('Current number of replicas below Spec.MinReplicas'),
      desiredReplicas: spec.minReplicas,
    };
  }

  if (spec.metrics.length === 0) {
    return keep('FailedGetResourceMetric', {
      error: 'the autoscaler has no metrics: list cpu and/or memory under spec.metrics',
    });
  }
  const metrics: MetricStatus[] = [];
  let proposed = 0;
  let proposedBy: ResourceName | undefined;
  let firstError: string | undefined;
  for (const metric of spec.metrics) {
    const result = replicasForResource({
      resource: metric.resource,
      currentReplicas: current,
      targetUtilization: metric.averageUtilization,
      requestPerPod: metric.resource === 'cpu' ? input.requests.cpuMillicores : input.requests.memoryBytes,
      usage: input.usage[metric.resource] ?? { ready: [], unready: 0, missing: 0 },
      tolerance: input.tolerance,
    });
    const status: MetricStatus = { resource: metric.resource, targetUtilization: metric.averageUtilization };
    if (!result.ok) {
      metrics.push({ ...status, error: result.message });
      firstError ??= result.message;
      continue;
    }
    metrics.push({
      ...status,
      currentUtilization: result.utilization,
      averageValue: result.averageValue,
      desiredReplicas: result.replicas,
    });
    if (proposedBy === undefined || result.replicas > proposed) {
      proposed = result.replicas;
      proposedBy = metric.resource;
    }
  }
  // An unavailable metric might be the one asking for more pods: never scale down without all of them.
  if (firstError !== undefined && (proposedBy === undefined || proposed < current)) {
    return keep('FailedGetResourceMetric', { metrics, error: firstError });
  }

  let reason = 'recommended size matches current size';
  if (proposed > current) reason = `${proposedBy} resource utilization (percentage of request) above target`;
  if (proposed < current) reason = 'All metrics below target';
  const stabilized = stabilizeRecommendation(history, spec.behavior, current, proposed, nowMs);
  const { replicas, limitedBy } = limitScaleRate(history, spec, current, stabilized, nowMs);
  return {
    currentReplicas: current,
    desiredReplicas: replicas,
    reason,
    metrics,
    ...(limitedBy && { limitedBy }),
  };
}
