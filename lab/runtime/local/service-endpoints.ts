import { EventEmitter } from 'node:events';

/** One ready address behind a Service: a pod's loopback port. */
export interface Endpoint {
  /** The pod's name, e.g. `backend-5d8f7c9b4a-x7k2p`. */
  pod: string;
  host: string;
  port: number;
}

/**
 * The ready endpoints of one Service, as the EndpointSlice controller keeps them: the pod runtime adds
 * a pod when its readiness probe passes and removes it when the pod turns unready, dies or starts
 * terminating; the Service proxy and the ingress read `ready()` on every new connection or request, so
 * a change applies to the next one without a restart.
 */
export class ServiceEndpoints extends EventEmitter<{ change: [readonly Endpoint[]] }> {
  readonly #endpoints = new Map<string, Endpoint>();
  #snapshot: readonly Endpoint[] = [];

  constructor(readonly service: string) {
    super();
  }

  /** Endpoints in the order pods became ready; a fresh array only after a change. */
  ready(): readonly Endpoint[] {
    return this.#snapshot;
  }

  /** Adds or updates the pod's endpoint (idempotent). */
  add(endpoint: Endpoint): void {
    const current = this.#endpoints.get(endpoint.pod);
    if (current && current.host === endpoint.host && current.port === endpoint.port) return;
    this.#endpoints.set(endpoint.pod, endpoint);
    this.#changed();
  }

  /** Removes the pod's endpoint (idempotent). */
  remove(pod: string): void {
    if (this.#endpoints.delete(pod)) this.#changed();
  }

  #changed(): void {
    this.#snapshot = Object.freeze([...this.#endpoints.values()]);
    this.emit('change', this.#snapshot);
  }
}
