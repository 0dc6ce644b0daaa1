import type { IDeployment } from 'kubernetes-models/apps/v1';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import type { INetworkPolicy, IIngress } from 'kubernetes-models/networking.k8s.io/v1';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1';
import type { IRoleBinding, IClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import type { IContainer, INamespace, IService, IServiceAccount } from 'kubernetes-models/v1';
import { objectName, type KubeObject, type Manifest } from './manifests.js';

/**
 * A set of manifests with typed look-ups by kind, for the policy checks. The objects have passed the
 * schema test, so reading them through the kubernetes-models interfaces is sound.
 */
export class ManifestSet {
  constructor(
    /** What the set is, for messages: "k8s/base", "kustomize build k8s/overlays/aws". */
    readonly name: string,
    readonly manifests: Manifest[],
  ) {}

  private ofKind<T>(apiVersion: string, kind: string): Array<T & KubeObject> {
    return this.manifests
      .map((m) => m.object)
      .filter((o) => o.apiVersion === apiVersion && o.kind === kind) as Array<T & KubeObject>;
  }

  get deployments() {
    return this.ofKind<IDeployment>('apps/v1', 'Deployment');
  }
  get services() {
    return this.ofKind<IService>('v1', 'Service');
  }
  get pdbs() {
    return this.ofKind<IPodDisruptionBudget>('policy/v1', 'PodDisruptionBudget');
  }
  get hpas() {
    return this.ofKind<IHorizontalPodAutoscaler>('autoscaling/v2', 'HorizontalPodAutoscaler');
  }
  get networkPolicies() {
    return this.ofKind<INetworkPolicy>('networking.k8s.io/v1', 'NetworkPolicy');
  }
  get ingresses() {
    return this.ofKind<IIngress>('networking.k8s.io/v1', 'Ingress');
  }
  get namespaces() {
    return this.ofKind<INamespace>('v1', 'Namespace');
  }
  get serviceAccounts() {
    return this.ofKind<IServiceAccount>('v1', 'ServiceAccount');
  }
  get roleBindings() {
    return [
      ...this.ofKind<IRoleBinding>('rbac.authorization.k8s.io/v1', 'RoleBinding'),
      ...this.ofKind<IClusterRoleBinding>('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'),
    ];
  }
  get all(): KubeObject[] {
    return this.manifests.map((m) => m.object);
  }
}

/** "Deployment/backend container backend": how policy messages name a container. */
export const containerName = (deployment: KubeObject, container: IContainer): string =>
  `${objectName(deployment)} container ${container.name}`;

/** The containers of a Deployment's pod template (init containers included). */
export function containersOf(deployment: IDeployment): IContainer[] {
  const spec = deployment.spec?.template.spec;
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
}

/** True when every label of `selector` is carried by `labels` (matchLabels semantics). */
export function selects(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
) {
  const wanted = Object.entries(selector ?? {});
  return wanted.length > 0 && wanted.every(([key, value]) => labels?.[key] === value);
}

export const namespaceOf = (object: KubeObject): string => object.metadata?.namespace ?? 'default';
