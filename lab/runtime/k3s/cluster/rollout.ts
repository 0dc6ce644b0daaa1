import {
  AppsV1Api,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type V1Deployment,
} from '@kubernetes/client-node';
import type { RolloutChange, RolloutResult } from '../../../control/lab-controller.js';
import type { ClusterWatch } from './cluster-watch.js';
import { isReady } from './pod-view.js';
import { requireDeployment } from './pod-faults.js';

/**
 * A rollout through the Deployment itself: the pod template's env changes (APP_VERSION and any other
 * given), the Deployment controller rolls it out with the manifest's own RollingUpdate (maxSurge,
 * maxUnavailable, readiness), and this resolves when `kubectl rollout status` would say it is complete:
 * observed, every replica updated and available, no pod of an older template left.
 */
export async function rolloutDeployment(
  kubeconfig: KubeConfig,
  watch: ClusterWatch,
  name: string,
  change: RolloutChange & { version: string },
  timeoutMs = 300_000,
): Promise<RolloutResult> {
  requireDeployment(watch, name);
  const apps = kubeconfig.makeApiClient(AppsV1Api);
  const before = watch.deployment(name)!;
  const container = before.spec!.template.spec!.containers[0]!.name;
  const from = templateHash(watch, name);
  const env = Object.entries({ ...change.env, APP_VERSION: change.version }).map(([k, value]) => ({
    name: k,
    value,
  }));
  // A strategic merge patch merges containers and env by name, as `kubectl set env` does.
  const patched = await apps.patchNamespacedDeployment(
    {
      name,
      namespace: watch.namespace,
      body: { spec: { template: { spec: { containers: [{ name: container, env }] } } } },
    },
    setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
  );
  const generation = patched.metadata?.generation ?? 0;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = watch.deployment(name);
    if (current && complete(current, generation)) {
      const pods = watch.pods(name).filter((p) => !p.metadata?.deletionTimestamp);
      if (
        pods.every(isReady) &&
        new Set(pods.map((p) => p.metadata?.labels?.['pod-template-hash'])).size === 1
      )
        break;
    }
    if (Date.now() > deadline) throw new Error(`the rollout of ${name} did not complete in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { from, to: templateHash(watch, name), version: change.version };
}

function complete(d: V1Deployment, generation: number): boolean {
  const want = d.spec?.replicas ?? 1;
  const s = d.status ?? {};
  return (
    (s.observedGeneration ?? 0) >= generation &&
    (s.updatedReplicas ?? 0) === want &&
    (s.availableReplicas ?? 0) === want &&
    (s.replicas ?? 0) === want
  );
}

/** The template hash most of the Deployment's live pods carry (its current ReplicaSet's suffix). */
function templateHash(watch: ClusterWatch, name: string): string {
  const counts = new Map<string, number>();
  for (const pod of watch.pods(name)) {
    const hash = pod.metadata?.labels?.['pod-template-hash'];
    if (hash && !pod.metadata?.deletionTimestamp) counts.set(hash, (counts.get(hash) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}
