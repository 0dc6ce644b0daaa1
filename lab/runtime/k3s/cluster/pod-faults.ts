import { CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { KillAllButOneResult, LabController, PodTarget } from '../../../control/lab-controller.js';
import type { TopologyEvent } from '../../topology.js';
import { docker } from '../docker/docker-cli.js';
import type { ClusterWatch } from './cluster-watch.js';
import { isReady } from './pod-view.js';

/** A request that cannot succeed as asked: the CLI exits 2, the control API answers 409. */
export function rejected(message: string): Error {
  return Object.assign(new Error(message), { exitCode: 2 });
}

interface PodFaultParts {
  kubeconfig: KubeConfig;
  watch: ClusterWatch;
  nodeContainerId: string;
  emit: (event: TopologyEvent) => void;
  /** Seeded choice among candidates (the run's random), so a run repeats its victims. */
  pick?: <T>(items: readonly T[]) => T;
}

/**
 * Pod faults on a real kubelet, each what its real counterpart does:
 * - pod-kill is the node under the pod failing: the pod's containers are SIGKILLed through containerd
 *   (no preStop, no SIGTERM), then the pod object is deleted at once (grace 0), as the node lifecycle
 *   controller's eviction would, so its ReplicaSet replaces it and it leaves the Service now;
 * - a pause freezes the containers' cgroups (`ctr tasks pause`, the freezer): the process keeps its
 *   sockets and stops answering, so only the probes notice.
 */
export function podFaults(
  parts: PodFaultParts,
): Pick<LabController, 'killPod' | 'killAllButOne' | 'pausePod' | 'resumePod'> {
  const { watch, emit } = parts;
  const core = parts.kubeconfig.makeApiClient(CoreV1Api);
  const paused = new Map<string, { containers: string[]; timer?: NodeJS.Timeout }>();
  const ctr = (...args: string[]) => docker(['exec', parts.nodeContainerId, 'ctr', '-n', 'k8s.io', ...args]);

  const kill = async (pod: V1Pod) => {
    const name = pod.metadata!.name!;
    await Promise.allSettled(containerIds(pod).map((id) => ctr('tasks', 'kill', '-s', 'SIGKILL', id)));
    await core
      .deleteNamespacedPod({ name, namespace: watch.namespace, gracePeriodSeconds: 0 })
      .catch((error: unknown) => {
        if ((error as { code?: number }).code !== 404) throw error;
      });
  };

  const findPod = (target: PodTarget): V1Pod => {
    if ('pod' in target) {
      const pod = watch.pods().find((p) => p.metadata?.name === target.pod);
      if (!pod) throw rejected(`no pod named ${target.pod}; running pods: ${names(watch.pods())}`);
      return pod;
    }
    requireDeployment(watch, target.deployment);
    const pods = watch.pods(target.deployment).filter((p) => !p.metadata?.deletionTimestamp);
    const ready = pods.filter(isReady);
    const candidates = ready.length ? ready : pods;
    if (candidates.length === 0) throw rejected(`Deployment ${target.deployment} has no pods`);
    return parts.pick ? parts.pick(candidates) : candidates[0]!;
  };

  const resume = async (name: string) => {
    const frozen = paused.get(name);
    if (!frozen) return false;
    paused.delete(name);
    clearTimeout(frozen.timer);
    const results = await Promise.allSettled(frozen.containers.map((id) => ctr('tasks', 'resume', id)));
    return results.some((r) => r.status === 'fulfilled');
  };

  return {
    killPod: async (target) => {
      const pod = findPod(target);
      const name = pod.metadata!.name!;
      emit({ type: 'fault-injected', at: Date.now(), kind: 'pod-kill', target: name });
      await kill(pod);
      return { pod: name };
    },

    killAllButOne: async (deployment, options = {}): Promise<KillAllButOneResult> => {
      requireDeployment(watch, deployment);
      const pods = watch.pods(deployment);
      const running = pods.filter((p) => !p.metadata?.deletionTimestamp);
      const survivor =
        options.keep !== undefined
          ? running.find((p) => p.metadata?.name === options.keep)
          : (running.find(isReady) ?? running[0]);
      if (!survivor)
        throw rejected(
          options.keep !== undefined
            ? `keep: Deployment ${deployment} has no running pod named ${options.keep}; its pods: ${names(running)}`
            : `Deployment ${deployment} has no running pod to keep`,
        );
      const victims = pods.filter((p) => p !== survivor);
      const killed = victims.map((p) => p.metadata!.name!);
      emit({
        type: 'fault-injected',
        at: Date.now(),
        kind: 'pod-kill-all-but-one',
        target: deployment,
        survivor: survivor.metadata!.name!,
        killed,
      });
      await Promise.all(victims.map(kill));
      return { killed, survivor: survivor.metadata!.name! };
    },

    pausePod: async (target, options = {}) => {
      if (options.forMs !== undefined && !(Number.isInteger(options.forMs) && options.forMs > 0))
        throw rejected(`forMs must be a whole number of milliseconds above 0, got ${options.forMs}`);
      const pod = findPod(target);
      const name = pod.metadata!.name!;
      if (paused.has(name)) throw rejected(`pod ${name} is already paused`);
      const containers = containerIds(pod);
      if (containers.length === 0) throw rejected(`pod ${name} has no running container to pause`);
      await Promise.all(containers.map((id) => ctr('tasks', 'pause', id)));
      const entry: { containers: string[]; timer?: NodeJS.Timeout } = { containers };
      if (options.forMs !== undefined) entry.timer = setTimeout(() => void resume(name), options.forMs);
      paused.set(name, entry);
      emit({
        type: 'fault-injected',
        at: Date.now(),
        kind: 'pod-pause',
        target: name,
        ...(options.forMs !== undefined && { forMs: options.forMs }),
      });
      return { pod: name };
    },

    resumePod: async (name) => {
      if (!paused.has(name) && !watch.pods().some((p) => p.metadata?.name === name))
        throw rejected(`no pod named ${name}; pods now: ${names(watch.pods())}`);
      const resumed = await resume(name);
      emit({ type: 'fault-reverted', at: Date.now(), kind: 'pod-pause', target: name, resumed });
      return { pod: name, resumed };
    },
  };
}

/** containerd ids of the pod's running containers (`containerd://<id>` in the pod's status). */
function containerIds(pod: V1Pod): string[] {
  return (pod.status?.containerStatuses ?? [])
    .filter((s) => s.state?.running && s.containerID)
    .map((s) => s.containerID!.replace(/^[a-z]+:\/\//, ''));
}

export function requireDeployment(watch: ClusterWatch, name: string): void {
  if (!watch.deployment(name))
    throw rejected(`no Deployment named ${name}; Deployments: ${watch.deploymentNames().join(', ')}`);
}

function names(pods: readonly V1Pod[]): string {
  return pods.map((p) => p.metadata?.name).join(', ') || '(none)';
}
