import type { V1EndpointSlice, V1IngressServiceBackend, V1Service } from '@kubernetes/client-node';

export interface UpstreamServer {
  address: string;
  port: number;
}

/** One nginx upstream: a Service port, whose servers are its ready pods (pod IP : target port). */
export interface Upstream {
  name: string;
  servers: UpstreamServer[];
}

export type BackendResolution =
  | { upstream: Upstream; reason?: undefined }
  /** No upstream: the location answers 503, as ingress-nginx's balancer does with no endpoints. */
  | { upstream?: undefined; reason: string };

const serviceNameLabel = 'kubernetes.io/service-name';

/** ingress-nginx's upstream name: `<namespace>-<service>-<port name or number>`. */
export function upstreamName(namespace: string, service: string, port: string | number): string {
  return `${namespace}-${service}-${port}`.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/**
 * The upstream for one Ingress backend. Like ingress-nginx, it sends to the pods' own addresses from
 * the Service's EndpointSlices (bypassing kube-proxy and the ClusterIP), so a pod that turns unready
 * leaves nginx's list as soon as its slice says so.
 *
 * The slice's port is matched to the Service port by name (EndpointSlice ports carry the Service port's
 * name and the resolved target port number; an unnamed Service port gives an unnamed slice port). An
 * endpoint counts while `conditions.ready` is not false (the API says a missing value means ready).
 */
export function resolveBackend(
  namespace: string,
  backend: V1IngressServiceBackend,
  services: readonly V1Service[],
  endpointSlices: readonly V1EndpointSlice[],
): BackendResolution {
  const service = services.find(
    (s) => s.metadata?.namespace === namespace && s.metadata?.name === backend.name,
  );
  const wanted = backend.port?.name ?? backend.port?.number;
  const label = `service ${namespace}/${backend.name} port ${wanted ?? '(none)'}`;
  if (!service) return { reason: `${label}: no such Service` };
  if (service.spec?.type === 'ExternalName') {
    return { reason: `${label}: ExternalName Services are not supported by this controller` };
  }
  const servicePort = service.spec?.ports?.find((p) =>
    backend.port?.name !== undefined ? p.name === backend.port.name : p.port === backend.port?.number,
  );
  if (!servicePort || wanted === undefined) return { reason: `${label}: the Service has no such port` };
  if ((servicePort.protocol ?? 'TCP') !== 'TCP') return { reason: `${label}: not a TCP port` };

  const seen = new Set<string>();
  const servers: UpstreamServer[] = [];
  for (const slice of endpointSlices) {
    if (slice.metadata?.namespace !== namespace) continue;
    if (slice.metadata?.labels?.[serviceNameLabel] !== backend.name) continue;
    if (slice.addressType !== 'IPv4' && slice.addressType !== 'IPv6') continue;
    const port = slice.ports?.find(
      (p) => (p.name ?? '') === (servicePort.name ?? '') && (p.protocol ?? 'TCP') === 'TCP',
    )?.port;
    if (port === undefined) continue;
    for (const endpoint of slice.endpoints ?? []) {
      if (endpoint.conditions?.ready === false) continue;
      for (const address of endpoint.addresses) {
        const key = `${address}:${port}`;
        if (seen.has(key)) continue;
        seen.add(key);
        servers.push({ address, port });
      }
    }
  }
  if (servers.length === 0) return { reason: `${label}: no ready endpoints` };
  servers.sort((a, b) => a.address.localeCompare(b.address, 'en', { numeric: true }) || a.port - b.port);
  return { upstream: { name: upstreamName(namespace, backend.name, wanted), servers } };
}
