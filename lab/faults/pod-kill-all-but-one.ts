import { faultHandle, readyPods, type FaultFactory } from './fault-types.js';
import { pickReady } from './pod-kill.js';

/**
 * Every pod of a Deployment but one dies at once (SIGKILL): a zone outage taking most replicas. The
 * survivor is a seeded pick among the ready pods; the ReplicaSet brings the others back.
 */
export const podKillAllButOne: FaultFactory<'pod-kill-all-but-one', { deployment: string }> = {
  kind: 'pod-kill-all-but-one',
  description: 'SIGKILL every pod of a Deployment but one (a seeded pick survives)',
  async inject(context, { deployment }) {
    const keep = pickReady(context.pick, readyPods(context.controller, deployment), deployment);
    const injectedAt = Date.now();
    const { killed, survivor } = await context.controller.killAllButOne(deployment, { keep });
    const entry = {
      kind: 'pod-kill-all-but-one',
      target: deployment,
      injectedAt,
      detail: { survivor, killed: killed.join(', '), killedCount: killed.length },
    };
    const handle = faultHandle(entry);
    context.record(entry, handle);
    return handle;
  },
};
