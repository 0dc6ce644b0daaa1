import type { V1Ingress } from '@kubernetes/client-node';
import type { ClusterSnapshot } from './cluster-state.js';

/** What this controller writes in IngressClass.spec.controller to claim a class (see ingress-objects.ts). */
export const controllerName = 'dhakacart.dev/ingress-nginx-lab';

const legacyClassAnnotation = 'kubernetes.io/ingress.class';
const defaultClassAnnotation = 'ingressclass.kubernetes.io/is-default-class';

function createdAt(ingress: V1Ingress): number {
  // Typed list calls give a Date, raw watch events an RFC 3339 string; both parse.
  const created = ingress.metadata?.creationTimestamp as Date | string | undefined;
  return created === undefined ? 0 : new Date(created).getTime();
}

/**
 * The Ingresses this controller serves, oldest first (ingress-nginx's order: when two Ingresses claim
 * the same host and path, the older one wins). An Ingress is ours when its class (spec.ingressClassName,
 * or the legacy kubernetes.io/ingress.class annotation) names an IngressClass whose spec.controller is
 * `controller`; one without a class is ours when such a class is marked the cluster default.
 */
export function servedIngresses(snapshot: ClusterSnapshot, controller = controllerName): V1Ingress[] {
  const ours = snapshot.ingressClasses.filter((c) => c.spec?.controller === controller);
  const names = new Set(ours.map((c) => c.metadata?.name));
  const hasDefault = ours.some((c) => c.metadata?.annotations?.[defaultClassAnnotation] === 'true');
  return snapshot.ingresses
    .filter((ingress) => !ingress.metadata?.deletionTimestamp)
    .filter((ingress) => {
      const className =
        ingress.spec?.ingressClassName ?? ingress.metadata?.annotations?.[legacyClassAnnotation];
      return className === undefined ? hasDefault : names.has(className);
    })
    .sort(
      (a, b) =>
        createdAt(a) - createdAt(b) ||
        `${a.metadata?.namespace}/${a.metadata?.name}`.localeCompare(
          `${b.metadata?.namespace}/${b.metadata?.name}`,
        ),
    );
}
