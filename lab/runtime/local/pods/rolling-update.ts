import type { RollingUpdateStrategy } from '../../../topology/model.js';

/**
 * The Deployment controller's arithmetic (pkg/controller/deployment: rolling.go, recreate.go and
 * util/deployment_util.go), as pure functions of ReplicaSet counts, so the rules are tested without
 * processes and the controller only applies them.
 */
export interface ReplicaSetCounts {
  /** spec.replicas: how many pods the ReplicaSet should have. */
  replicas: number;
  /** Pods of the ReplicaSet ready for at least minReadySeconds. */
  available: number;
}

/** Both 0 would let nothing move, so Kubernetes then allows one unavailable pod (ResolveFenceposts). */
export function resolveFenceposts(strategy: RollingUpdateStrategy, desired: number) {
  const maxSurge = strategy.maxSurge;
  let maxUnavailable = strategy.maxUnavailable;
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, desired) };
}

/**
 * One RollingUpdate step (rolloutRolling): scale the new ReplicaSet up as far as maxSurge allows,
 * then scale old ReplicaSets (oldest first) down as far as maxUnavailable allows, counting only
 * available pods: unhealthy old pods go first, then old pods while enough others stay available.
 */
export function rollingUpdateStep(args: {
  desired: number;
  strategy: RollingUpdateStrategy;
  newRS: ReplicaSetCounts;
  /** Oldest first. */
  oldRSs: readonly ReplicaSetCounts[];
}): { newReplicas: number; oldReplicas: number[] } {
  const { desired, newRS } = args;
  const { maxSurge, maxUnavailable } = resolveFenceposts(args.strategy, desired);
  const oldReplicas = args.oldRSs.map((rs) => rs.replicas);
  const sum = (values: readonly number[]) => values.reduce((total, v) => total + v, 0);

  // reconcileNewReplicaSet / NewRSNewReplicas
  let newReplicas = newRS.replicas;
  if (newReplicas > desired) newReplicas = desired;
  else if (newReplicas < desired) {
    const maxTotal = desired + maxSurge;
    const current = newReplicas + sum(oldReplicas);
    if (current < maxTotal) newReplicas += Math.min(maxTotal - current, desired - newReplicas);
  }

  // reconcileOldReplicaSets
  if (sum(oldReplicas) === 0) return { newReplicas, oldReplicas };
  const minAvailable = desired - maxUnavailable;
  const newUnavailable = Math.max(0, newReplicas - newRS.available);
  const maxScaledDown = newReplicas + sum(oldReplicas) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return { newReplicas, oldReplicas };

  // cleanupUnhealthyReplicas: old pods that are not available cost nothing to remove.
  let cleaned = 0;
  args.oldRSs.forEach((rs, i) => {
    const unhealthy = oldReplicas[i]! - Math.min(rs.available, oldReplicas[i]!);
    const count = Math.min(maxScaledDown - cleaned, unhealthy);
    if (count <= 0) return;
    oldReplicas[i] = oldReplicas[i]! - count;
    cleaned += count;
  });

  // scaleDownOldReplicaSetsForRollingUpdate
  const available = newRS.available + sum(args.oldRSs.map((rs) => rs.available));
  if (available <= minAvailable) return { newReplicas, oldReplicas };
  const toScaleDown = available - minAvailable;
  let scaledDown = 0;
  for (let i = 0; i < oldReplicas.length && scaledDown < toScaleDown; i++) {
    const count = Math.min(oldReplicas[i]!, toScaleDown - scaledDown);
    oldReplicas[i] = oldReplicas[i]! - count;
    scaledDown += count;
  }
  return { newReplicas, oldReplicas };
}

/**
 * One Recreate step (rolloutRecreate): every old ReplicaSet to 0, and the new one to `desired` only
 * once no old pod is left, terminating ones included.
 */
export function recreateStep(args: {
  desired: number;
  newRS: ReplicaSetCounts;
  oldRSs: readonly ReplicaSetCounts[];
  oldPodsLeft: boolean;
}): { newReplicas: number; oldReplicas: number[] } {
  return {
    newReplicas: args.oldPodsLeft ? args.newRS.replicas : args.desired,
    oldReplicas: args.oldRSs.map(() => 0),
  };
}

/** What the ReplicaSet controller needs to know of a pod to pick which ones to delete. */
export interface PodRank {
  running: boolean;
  ready: boolean;
  readySince?: number;
  restarts: number;
  createdAt: number;
}

/**
 * The pods a ReplicaSet deletes first when it scales down (controller.ActivePods ordering): not yet
 * running before running, not ready before ready, ready for less time before longer, more restarts
 * before fewer, newer before older.
 */
export function podsToDelete<P extends PodRank>(pods: readonly P[], count: number): P[] {
  const ranked = [...pods].sort(
    (a, b) =>
      Number(a.running) - Number(b.running) ||
      Number(a.ready) - Number(b.ready) ||
      (b.readySince ?? 0) - (a.readySince ?? 0) ||
      b.restarts - a.restarts ||
      b.createdAt - a.createdAt,
  );
  return ranked.slice(0, Math.max(0, count));
}
