import { faultHandle, type FaultContext, type FaultEntry } from '../faults/fault-types.js';
import { faults } from '../faults/registry.js';
import type { DeploymentHandle, PodInfo } from '../scenario/scenario-types.js';
import { throwIfInterrupted, type RunContext } from './run-context.js';

/**
 * `lab.deployment(name)`: the pods of one Deployment and what can be done to them. Every action is a
 * journal activity; faults go through the fault registry, so they are recorded for the report.
 */
export function deploymentHandle(
  name: string,
  context: RunContext,
  faultContext: FaultContext,
): DeploymentHandle {
  const { controller, journal, signal } = context;
  const status = () => {
    const found = controller.status().deployments.find((d) => d.name === name);
    if (!found) {
      const known = controller
        .status()
        .deployments.map((d) => d.name)
        .join(', ');
      throw new Error(`no Deployment named "${name}"; Deployments: ${known}`);
    }
    return found;
  };
  status();
  const act = <T>(activity: string, work: () => Promise<T>, output?: (value: T) => string) => {
    throwIfInterrupted(signal);
    return journal.activity(`deployment('${name}').${activity}`, work, output);
  };
  return {
    name,
    list: (): PodInfo[] =>
      status().pods.map((p) => ({
        name: p.name,
        deployment: p.deployment,
        ready: p.ready,
        phase: p.phase,
        restarts: p.restarts,
      })),
    kill: (pod) =>
      act(
        `kill(${pod ? `'${pod}'` : ''})`,
        () => faults.inject('pod-kill', faultContext, { deployment: name, ...(pod && { pod }) }),
        (h) => `killed ${h.target}`,
      ),
    killAllButOne: () =>
      act(
        'killAllButOne()',
        () => faults.inject('pod-kill-all-but-one', faultContext, { deployment: name }),
        () => describeLatest(context),
      ),
    pause: ({ pod, forMs } = {}) =>
      act(
        `pause(${JSON.stringify({ pod, forMs })})`,
        () =>
          faults.inject('pod-pause', faultContext, {
            deployment: name,
            ...(pod && { pod }),
            ...(forMs !== undefined && { forMs }),
          }),
        (h) => `paused ${h.target}`,
      ),
    rollout: async (change = {}) => {
      await act(
        `rollout(${JSON.stringify(change)})`,
        async () => {
          const version = change.version ?? `lab-${Math.floor(context.random.next() * 1e6)}`;
          // Recorded like a fault, so the report gives its window and the requests that failed in it.
          const entry: FaultEntry = {
            kind: 'rollout',
            target: name,
            injectedAt: Date.now(),
            detail: { version },
          };
          context.faults.record(entry, faultHandle(entry));
          const { from, to } = await controller.rollout(name, {
            version,
            ...(change.env && { env: change.env }),
          });
          Object.assign(entry.detail, { from, to });
          // A rollout ends by itself: its "revert" time is when it completed.
          entry.revertedAt = Date.now();
          return `${from} → ${to}`;
        },
        (text) => text,
      );
    },
    replicas: () => status().desiredReplicas,
  };
}

function describeLatest(context: RunContext): string {
  const latest = context.faults.latest();
  return latest ? `survivor ${String(latest.detail.survivor)}; killed ${String(latest.detail.killed)}` : '';
}
