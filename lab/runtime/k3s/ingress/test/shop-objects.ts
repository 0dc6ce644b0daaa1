import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { V1EndpointSlice, V1Ingress, V1IngressClass, V1Service } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { ingressControllerObjects } from '../ingress-objects.js';

/**
 * The shop's own objects for the controller's tests, read from k8s/ (never copied), plus builders
 * for the EndpointSlices the EndpointSlice controller would write.
 */
export const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));

const read = <T>(file: string): T => parse(readFileSync(`${repoRoot}${file}`, 'utf8')) as T;

/**
 * k8s/base/ingress/ingress.yaml with what k8s/overlays/lab/kustomization.yaml's Ingress patch does
 * (TLS, host and the cert-manager annotation removed, both SSL redirects 'false'), for machines without
 * kustomize; shop-objects.test.ts checks it against `kustomize build` where kustomize is installed.
 */
export function labOverlayIngress(): V1Ingress {
  const ingress = read<V1Ingress>('k8s/base/ingress/ingress.yaml');
  delete ingress.spec!.tls;
  delete ingress.spec!.rules![0]!.host;
  const annotations = ingress.metadata!.annotations!;
  delete annotations['cert-manager.io/cluster-issuer'];
  annotations['nginx.ingress.kubernetes.io/ssl-redirect'] = 'false';
  annotations['nginx.ingress.kubernetes.io/force-ssl-redirect'] = 'false';
  ingress.metadata!.creationTimestamp = new Date('2026-12-04T00:00:00Z');
  return ingress;
}

export function shopServices(): V1Service[] {
  return [
    read<V1Service>('k8s/base/backend/service.yaml'),
    read<V1Service>('k8s/base/frontend/service.yaml'),
  ];
}

/** The IngressClass the controller's own objects create (class `nginx`, our controller name). */
export function labIngressClass(): V1IngressClass {
  return ingressControllerObjects({ image: 'unused', nodePort: 30080 }).find(
    (o): o is V1IngressClass => o.kind === 'IngressClass',
  )!;
}

export interface TestEndpoint {
  ip: string;
  port: number;
  ready?: boolean;
}

let version = 0;

/**
 * The EndpointSlices of Service `service` (port named `portName`, the Service port's name), one per
 * target port number as the EndpointSlice controller groups them: the tests' "pods" are servers on
 * 127.0.0.1 that differ only by port.
 */
export function endpointSlices(
  service: string,
  endpoints: readonly TestEndpoint[],
  { namespace = 'dhakacart', portName = 'http' }: { namespace?: string; portName?: string } = {},
): V1EndpointSlice[] {
  const ports = [...new Set(endpoints.map((e) => e.port))];
  return ports.map((port) => {
    version += 1;
    return {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: `${service}-p${port}`,
        namespace,
        resourceVersion: String(version),
        labels: {
          'kubernetes.io/service-name': service,
          'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
        },
      },
      addressType: 'IPv4',
      ports: [{ name: portName, port, protocol: 'TCP' }],
      endpoints: endpoints
        .filter((e) => e.port === port)
        .map((e) => ({ addresses: [e.ip], conditions: { ready: e.ready ?? true } })),
    };
  });
}
