import { faultHandle, readyPods, type FaultFactory } from './fault-types.js';
import { pickReady } from './pod-kill.js';

/**
 * A pod's process is frozen (SIGSTOP): it holds its connections and answers nothing, so only probe
 * timeouts notice (a GC pause, a stuck event loop). Reverting resumes it (SIGCONT); with `forMs` the
 * handle reverts itself after that long.
 */
export const podPause: FaultFactory<'pod-pause', { deployment: string; pod?: string; forMs?: number }> = {
  kind: 'pod-pause',
  description: 'freeze one pod (SIGSTOP) until reverted or for a given time; only probes notice',
  async inject(context, { deployment, pod, forMs }) {
    const target = pod ?? pickReady(context.pick, readyPods(context.controller, deployment), deployment);
    const injectedAt = Date.now();
    const { pod: paused } = await context.controller.pausePod({ pod: target });
    const entry = {
      kind: 'pod-pause',
      target: paused,
      injectedAt,
      detail: { deployment, ...(forMs !== undefined && { forMs }) },
    };
    let timer: NodeJS.Timeout | undefined;
    const handle = faultHandle(entry, async () => {
      clearTimeout(timer);
      await context.controller.resumePod(paused);
    });
    if (forMs !== undefined) {
      // The runner reverts leftovers too, and reports a failed timed revert when it does.
      timer = setTimeout(() => void handle.revert().catch(() => {}), forMs);
      timer.unref();
    }
    context.record(entry, handle);
    return handle;
  },
};
