import { faultHandle, readyPods, type FaultFactory } from './fault-types.js';

/**
 * One pod dies the way a node failure kills it: SIGKILL, no preStop, no drain. Its ReplicaSet replaces
 * it; nothing to revert. The victim is a seeded pick among the Deployment's ready pods unless named.
 */
export const podKill: FaultFactory<'pod-kill', { deployment: string; pod?: string }> = {
  kind: 'pod-kill',
  description: 'SIGKILL one pod of a Deployment (a node failure under it); its ReplicaSet replaces it',
  async inject(context, { deployment, pod }) {
    const victim = pod ?? pickReady(context.pick, readyPods(context.controller, deployment), deployment);
    const entry = { kind: 'pod-kill', target: victim, injectedAt: Date.now(), detail: { deployment } };
    await context.controller.killPod({ pod: victim });
    const handle = faultHandle(entry);
    context.record(entry, handle);
    return handle;
  },
};

export function pickReady(pick: <T>(items: readonly T[]) => T, pods: string[], deployment: string): string {
  if (pods.length === 0) throw new Error(`Deployment "${deployment}" has no ready pod to act on`);
  return pick(pods);
}
