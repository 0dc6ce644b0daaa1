import type { V1EndpointSlice, V1Ingress, V1IngressClass, V1Service } from '@kubernetes/client-node';

/** Everything the nginx configuration is rendered from: the objects as the API server returned them. */
export interface ClusterSnapshot {
  ingressClasses: readonly V1IngressClass[];
  ingresses: readonly V1Ingress[];
  services: readonly V1Service[];
  endpointSlices: readonly V1EndpointSlice[];
}

export type WatchedObject =
  | { kind: 'IngressClass'; object: V1IngressClass }
  | { kind: 'Ingress'; object: V1Ingress }
  | { kind: 'Service'; object: V1Service }
  | { kind: 'EndpointSlice'; object: V1EndpointSlice };

/** One watch event, as an informer reports it (added and modified are both an upsert). */
export type ClusterEvent = WatchedObject & { type: 'upsert' | 'delete' };

function keyOf(meta: { namespace?: string; name?: string } | undefined): string {
  return `${meta?.namespace ?? ''}/${meta?.name ?? ''}`;
}

/**
 * The controller's view of the cluster, fed by watch events. Kept apart from the informers so the
 * event → state → render → reload pipeline runs in tests without an API server.
 */
export class ClusterState {
  readonly #objects = {
    IngressClass: new Map<string, V1IngressClass>(),
    Ingress: new Map<string, V1Ingress>(),
    Service: new Map<string, V1Service>(),
    EndpointSlice: new Map<string, V1EndpointSlice>(),
  };

  /** Applies one event; returns whether anything changed (an unchanged resourceVersion is no change). */
  apply(event: ClusterEvent): boolean {
    const map = this.#objects[event.kind] as Map<string, WatchedObject['object']>;
    const key = keyOf(event.object.metadata);
    if (event.type === 'delete') return map.delete(key);
    const previous = map.get(key);
    const version = event.object.metadata?.resourceVersion;
    if (previous && version !== undefined && previous.metadata?.resourceVersion === version) return false;
    map.set(key, event.object);
    return true;
  }

  snapshot(): ClusterSnapshot {
    return {
      ingressClasses: [...this.#objects.IngressClass.values()],
      ingresses: [...this.#objects.Ingress.values()],
      services: [...this.#objects.Service.values()],
      endpointSlices: [...this.#objects.EndpointSlice.values()],
    };
  }
}
