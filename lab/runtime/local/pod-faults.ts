import type { KillAllButOneResult, LabController, PodTarget } from '../../control/lab-controller.js';
import type { DeploymentController } from './pods/deployment-controller.js';
import type { Pod } from './pods/pod.js';

type Emit = (event: { type: string; at: number; [key: string]: unknown }) => void;
type Deployments = ReadonlyMap<string, DeploymentController>;

/**
 * The local profile's pod faults, each what its real counterpart does to a pod: a pod-kill is the node
 * under it failing (SIGKILL, no preStop; the ReplicaSet replaces it at once), kill-all-but-one is a zone
 * taking most replicas with it, a pause is a process that stops answering without dying (SIGSTOP). Each
 * is announced as a `fault-injected` event at the moment it is injected, so a run can time what follows.
 */
export function podFaults(
  deployments: Deployments,
  emit: Emit,
): Pick<LabController, 'killPod' | 'killAllButOne' | 'pausePod' | 'resumePod'> {
  /** Pods this lab paused, so resuming one that has since gone is an answer, not an error. */
  const paused = new Set<string>();
  return {
    killPod: async (target: PodTarget) => {
      const { controller, pod } = findPod(deployments, target);
      emit({ type: 'fault-injected', at: Date.now(), kind: 'pod-kill', target: pod.name });
      await controller.deletePod(pod.name, { gracePeriodSeconds: 0 });
      return { pod: pod.name };
    },

    killAllButOne: async (deployment: string, options = {}): Promise<KillAllButOneResult> => {
      const controller = findDeployment(deployments, deployment);
      const pods = controller.pods();
      const running = pods.filter((p) => !p.terminating);
      let survivor: Pod | undefined;
      if (options.keep !== undefined) {
        survivor = running.find((p) => p.name === options.keep);
        if (!survivor) {
          throw rejected(
            `keep: Deployment ${deployment} has no running pod named ${options.keep}; its pods: ${names(running)}`,
          );
        }
      } else {
        survivor = running.find((p) => p.ready) ?? running[0];
        if (!survivor) throw rejected(`Deployment ${deployment} has no running pod to keep`);
      }
      // Pods already terminating die with the others: the zone takes every process it hosts.
      const killed = pods.filter((p) => p !== survivor).map((p) => p.name);
      emit({
        type: 'fault-injected',
        at: Date.now(),
        kind: 'pod-kill-all-but-one',
        target: deployment,
        survivor: survivor.name,
        killed,
      });
      await Promise.all(killed.map((name) => controller.deletePod(name, { gracePeriodSeconds: 0 })));
      return { killed, survivor: survivor.name };
    },

    pausePod: async (target: PodTarget, options = {}) => {
      if (options.forMs !== undefined && !(Number.isInteger(options.forMs) && options.forMs > 0)) {
        throw rejected(`forMs must be a whole number of milliseconds above 0, got ${options.forMs}`);
      }
      const { pod } = findPod(deployments, target);
      try {
        pod.pause(options);
      } catch (error) {
        throw rejected((error as Error).message);
      }
      paused.add(pod.name);
      emit({
        type: 'fault-injected',
        at: Date.now(),
        kind: 'pod-pause',
        target: pod.name,
        ...(options.forMs !== undefined && { forMs: options.forMs }),
      });
      return { pod: pod.name };
    },

    resumePod: async (name: string) => {
      const pod = allPods(deployments).find((p) => p.name === name);
      if (!pod) {
        if (paused.delete(name)) return { pod: name, resumed: false };
        throw rejected(`no pod named ${name}; pods now: ${names(allPods(deployments))}`);
      }
      paused.delete(name);
      const resumed = pod.resume();
      emit({ type: 'fault-reverted', at: Date.now(), kind: 'pod-pause', target: name, resumed });
      return { pod: name, resumed };
    },
  };
}

/** The named pod, or the first ready pod of the named Deployment (else its first pod). */
export function findPod(
  deployments: Deployments,
  target: PodTarget,
): { controller: DeploymentController; pod: Pod } {
  if ('pod' in target) {
    for (const controller of deployments.values()) {
      const pod = controller.pods().find((p) => p.name === target.pod);
      if (pod) return { controller, pod };
    }
    throw rejected(`no pod named ${target.pod}; running pods: ${names(allPods(deployments))}`);
  }
  const controller = findDeployment(deployments, target.deployment);
  const pods = controller.pods().filter((p) => !p.terminating);
  const victim = pods.find((p) => p.ready) ?? pods[0];
  if (!victim) throw rejected(`Deployment ${target.deployment} has no pods`);
  return { controller, pod: victim };
}

export function findDeployment(deployments: Deployments, name: string): DeploymentController {
  const controller = deployments.get(name);
  if (!controller) {
    throw rejected(`no Deployment named ${name}; Deployments: ${[...deployments.keys()].join(', ')}`);
  }
  return controller;
}

function allPods(deployments: Deployments): Pod[] {
  return [...deployments.values()].flatMap((d) => d.pods());
}

function names(pods: readonly Pod[]): string {
  return pods.map((p) => p.name).join(', ') || '(none)';
}

/** A request that cannot succeed as asked: the CLI exits 2, the control API answers 409. */
export function rejected(message: string): Error {
  return Object.assign(new Error(message), { exitCode: 2 });
}
