import type { Endpoint } from '../service-endpoints.js';

/**
 * Round-robin over a Service's ready endpoints as they are at the moment of each pick, so an endpoint
 * added or removed applies to the next connection or request without a restart. ingress-nginx's
 * default balancer is round-robin; kube-proxy's iptables mode picks at random and its IPVS mode
 * round-robin: we use round-robin for both, which spreads load the same and keeps tests deterministic.
 */
export class RoundRobin {
  #cursor = 0;

  /**
   * The next endpoint, passing over pods in `skip` (those a retry already tried) while an untried one
   * is left; when every endpoint was tried, the plain next one (ingress-nginx's Lua balancer also
   * returns to a tried pod rather than give up early). Undefined when there are no endpoints.
   */
  next(endpoints: readonly Endpoint[], skip?: ReadonlySet<string>): Endpoint | undefined {
    const count = endpoints.length;
    if (count === 0) return undefined;
    const start = this.#cursor % count;
    for (let offset = 0; offset < count; offset++) {
      const index = (start + offset) % count;
      const endpoint = endpoints[index]!;
      if (!skip?.has(endpoint.pod)) {
        this.#cursor = index + 1;
        return endpoint;
      }
    }
    this.#cursor = start + 1;
    return endpoints[start];
  }
}
