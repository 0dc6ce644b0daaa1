import type { KubernetesObject, V1EndpointSlice } from '@kubernetes/client-node';

/**
 * The `postgres` Service has no selector (k8s/base/database/service.yaml): whoever runs the database
 * supplies its endpoints. In the k3s profile that is the toxiproxy container's `postgres` proxy on the
 * lab's Docker network, in front of the current primary, so the backend→database link can be broken
 * and a failover is a re-point behind a stable address, as RDS's DNS name is.
 */
export function databaseEndpointObjects(target: {
  namespace: string;
  service: string;
  address: string;
  port: number;
}): KubernetesObject[] {
  const slice: V1EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: `${target.service}-lab`,
      namespace: target.namespace,
      labels: {
        'kubernetes.io/service-name': target.service,
        'endpointslice.kubernetes.io/managed-by': 'dhakacart-lab',
        'app.kubernetes.io/part-of': 'dhakacart',
      },
    },
    addressType: 'IPv4',
    endpoints: [{ addresses: [target.address], conditions: { ready: true } }],
    ports: [{ name: 'postgres', port: target.port, protocol: 'TCP' }],
  };
  return [slice as KubernetesObject];
}
