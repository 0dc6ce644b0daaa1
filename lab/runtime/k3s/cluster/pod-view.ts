import type { V1Pod } from '@kubernetes/client-node';
import type { PodPhase, PodStatus } from '../../../control/lab-controller.js';

/**
 * One pod as `lab status` shows it, read from the API server's Pod object, with the same fields the
 * local profile fills from its processes: phase (Terminating and CrashLoopBackOff as kubectl prints
 * them), readiness, restarts, the last exit and its reason (OOMKilled, Error, ...).
 */
export function podStatus(pod: V1Pod): PodStatus {
  const statuses = pod.status?.containerStatuses ?? [];
  const last = statuses.find((s) => s.lastState?.terminated)?.lastState?.terminated;
  const started = statuses.find((s) => s.state?.running?.startedAt)?.state?.running?.startedAt;
  const port = pod.spec?.containers[0]?.ports?.[0]?.containerPort ?? 0;
  return {
    name: pod.metadata?.name ?? '',
    deployment: deploymentOf(pod) ?? '',
    phase: phaseOf(pod),
    ready: isReady(pod),
    restarts: statuses.reduce((sum, s) => sum + (s.restartCount ?? 0), 0),
    port,
    ...(pod.status?.podIP !== undefined && { ip: pod.status.podIP }),
    ...(started !== undefined && { startedAt: new Date(started).toISOString() }),
    ...(last && {
      lastExit: {
        code: last.exitCode ?? null,
        signal: last.signal !== undefined ? String(last.signal) : null,
        at: new Date(last.finishedAt ?? Date.now()).toISOString(),
        reason: last.reason ?? 'Error',
      },
    }),
  };
}

export function isReady(pod: V1Pod): boolean {
  if (pod.metadata?.deletionTimestamp) return false;
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

function phaseOf(pod: V1Pod): PodPhase {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  const waiting = pod.status?.containerStatuses?.find((s) => s.state?.waiting)?.state?.waiting?.reason;
  if (waiting === 'CrashLoopBackOff') return 'CrashLoopBackOff';
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Running' ? phase : 'Pending';
}

/**
 * The Deployment that owns the pod: its ReplicaSet is `<deployment>-<pod-template-hash>`, so the name
 * is the owner's name less the hash (what `kubectl rollout` relies on too).
 */
export function deploymentOf(pod: V1Pod): string | undefined {
  const owner = pod.metadata?.ownerReferences?.find((o) => o.kind === 'ReplicaSet')?.name;
  const hash = pod.metadata?.labels?.['pod-template-hash'];
  if (!owner) return undefined;
  return hash && owner.endsWith(`-${hash}`) ? owner.slice(0, -hash.length - 1) : owner;
}
