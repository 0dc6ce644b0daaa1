import type { V1Ingress, V1IngressStatus } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { ClusterSnapshot } from './cluster-state.js';
import { servedIngresses } from './ingress-classes.js';

export type PatchIngressStatus = (namespace: string, name: string, status: V1IngressStatus) => Promise<void>;

/** The status this controller publishes: the node's IP (ingress-nginx without --publish-service does the same). */
export function desiredStatus(address: string): V1IngressStatus {
  return { loadBalancer: { ingress: [{ ip: address }] } };
}

/** The served Ingresses whose status.loadBalancer is not yet exactly `address`. */
export function ingressesNeedingStatus(ingresses: readonly V1Ingress[], address: string): V1Ingress[] {
  return ingresses.filter((ingress) => {
    const current = ingress.status?.loadBalancer?.ingress ?? [];
    return current.length !== 1 || current[0]?.ip !== address || current[0]?.hostname !== undefined;
  });
}

/**
 * Writes status.loadBalancer.ingress of every served Ingress (so `kubectl get ingress` shows an
 * ADDRESS). One patch per Ingress at a time; a failure is logged and retried at the next sync.
 */
export class IngressStatusPublisher {
  readonly #inFlight = new Set<string>();

  constructor(
    private readonly options: {
      address: string;
      controller?: string;
      patch: PatchIngressStatus;
      log: Pick<Logger, 'info' | 'warn'>;
    },
  ) {}

  publish(snapshot: ClusterSnapshot): void {
    const { address, patch, log } = this.options;
    for (const ingress of ingressesNeedingStatus(
      servedIngresses(snapshot, this.options.controller),
      address,
    )) {
      const namespace = ingress.metadata?.namespace ?? 'default';
      const name = ingress.metadata?.name ?? '';
      const key = `${namespace}/${name}`;
      if (this.#inFlight.has(key)) continue;
      this.#inFlight.add(key);
      patch(namespace, name, desiredStatus(address))
        .then(() => log.info({ ingress: key, address }, 'ingress status updated'))
        .catch((error: unknown) => log.warn({ ingress: key, err: error }, 'ingress status update failed'))
        .finally(() => this.#inFlight.delete(key));
    }
  }
}
