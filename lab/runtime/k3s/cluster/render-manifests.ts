import type { KubernetesObject, V1Deployment } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { docker } from '../docker/docker-cli.js';

/**
 * The shop's objects as the `lab` kustomize overlay renders them, rendered by the kubectl inside the
 * node (`kubectl kustomize`, kustomize built in), so a laptop needs no kustomize of its own and the
 * cluster gets exactly what `kustomize build k8s/overlays/lab` gives AWS's pipeline.
 */
export async function renderOverlay(
  nodeContainerId: string,
  manifestsDir: string,
): Promise<KubernetesObject[]> {
  const inNode = '/tmp/dhakacart-k8s';
  await docker(['exec', nodeContainerId, 'rm', '-rf', inNode]);
  await docker(['cp', manifestsDir, `${nodeContainerId}:${inNode}`]);
  const yaml = await docker(['exec', nodeContainerId, 'kubectl', 'kustomize', `${inNode}/overlays/lab`]);
  return parseAllDocuments(yaml)
    .map((doc) => {
      if (doc.errors.length)
        throw new Error(`kubectl kustomize gave invalid YAML: ${doc.errors[0]!.message}`);
      return doc.toJS() as KubernetesObject | null;
    })
    .filter((o): o is KubernetesObject => o !== null && typeof o === 'object' && 'kind' in o);
}

/**
 * Points each Deployment's container at the image the lab built for it: the overlay says
 * `dhakacart/backend:lab`, the lab's image is `dhakacart-lab/backend:<content hash>`, so the cluster
 * always runs what the repository holds now, never a stale tag.
 */
export function useBuiltImages(objects: KubernetesObject[], images: Record<string, string>): void {
  for (const object of objects) {
    if (object.kind !== 'Deployment') continue;
    const spec = (object as V1Deployment).spec?.template.spec;
    for (const container of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) {
      const name = /^(?:docker\.io\/)?dhakacart\/([a-z0-9-]+)(?::.*)?$/.exec(container.image ?? '')?.[1];
      const built = name ? images[name] : undefined;
      if (!built) continue;
      container.image = built;
      container.imagePullPolicy = 'Never';
    }
  }
}

/**
 * Adds the run's extra env (TopologyOptions.env: `{ backend: { RATE_LIMIT_MAX: '1000000' } }`) to every
 * container of the named Deployments, after (so over) the manifests' own values, as the local profile
 * does for its processes. Without it a k3s run kept the backend's per-IP limit of 1000 requests a
 * minute while every request came from one address, and a traffic spike became 85 % 429s.
 */
export function withExtraEnv(
  objects: KubernetesObject[],
  env: Readonly<Record<string, Readonly<Record<string, string>>>> = {},
): void {
  for (const object of objects) {
    if (object.kind !== 'Deployment') continue;
    const extra = env[object.metadata?.name ?? ''];
    if (!extra) continue;
    for (const container of (object as V1Deployment).spec?.template.spec?.containers ?? []) {
      const kept = (container.env ?? []).filter((e) => !(e.name in extra));
      container.env = [...kept, ...Object.entries(extra).map(([name, value]) => ({ name, value }))];
    }
  }
}

/** Kinds the cluster must know before the objects that use them: namespaces first, as kubectl orders them. */
const applyOrder = [
  'Namespace',
  'CustomResourceDefinition',
  'ServiceAccount',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'Secret',
  'ConfigMap',
  'Service',
  'EndpointSlice',
  'Deployment',
];

export function inApplyOrder(objects: readonly KubernetesObject[]): KubernetesObject[] {
  const rank = (o: KubernetesObject) => {
    const i = applyOrder.indexOf(o.kind ?? '');
    return i === -1 ? applyOrder.length : i;
  };
  return [...objects].sort((a, b) => rank(a) - rank(b));
}
