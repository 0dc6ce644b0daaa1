import type {
  V1ClusterRole,
  V1Deployment,
  V1LabelSelector,
  V1Namespace,
  V1Service,
} from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { controllerName } from './ingress-classes.js';
import { ingressControllerObjects } from './ingress-objects.js';
import { repoRoot } from './test/shop-objects.js';

const objects = ingressControllerObjects({ image: 'dhakacart-lab/ingress:0123456789ab', nodePort: 30080 });
const byKind = <T>(kind: string): T => objects.find((o) => o.kind === kind) as T;

describe('ingressControllerObjects', () => {
  it('creates the namespace first and the Service last', () => {
    expect(objects.map((o) => o.kind)).toEqual([
      'Namespace',
      'ServiceAccount',
      'ClusterRole',
      'ClusterRoleBinding',
      'IngressClass',
      'Deployment',
      'Service',
    ]);
  });

  it('matches what the shop’s NetworkPolicies admit: namespace ingress-nginx, pods app.kubernetes.io/name=ingress-nginx', () => {
    const deployment = byKind<V1Deployment>('Deployment');
    for (const file of ['k8s/base/backend/network-policy.yaml', 'k8s/base/frontend/network-policy.yaml']) {
      // As YAML spells it (client-node's model calls the field `_from`).
      type Peer = { namespaceSelector: V1LabelSelector; podSelector: V1LabelSelector };
      const policy = parse(readFileSync(`${repoRoot}${file}`, 'utf8')) as {
        spec: { ingress: { from: Peer[] }[] };
      };
      const from = policy.spec.ingress[0]!.from[0]!;
      // kubernetes.io/metadata.name is set by the API server from the namespace's name.
      expect(from.namespaceSelector.matchLabels).toEqual({
        'kubernetes.io/metadata.name': byKind<V1Namespace>('Namespace').metadata!.name,
      });
      expect(deployment.spec!.template.metadata!.labels).toMatchObject(from.podSelector.matchLabels!);
      expect(deployment.metadata!.namespace).toBe('ingress-nginx');
    }
  });

  it('publishes the pod’s port 8080 as port 80 on the given nodePort', () => {
    const service = byKind<V1Service>('Service');
    expect(service.spec).toMatchObject({
      type: 'NodePort',
      ports: [{ port: 80, targetPort: 'http', nodePort: 30080 }],
    });
    const other = ingressControllerObjects({ image: 'x', nodePort: 31234 }).find(
      (o) => o.kind === 'Service',
    ) as V1Service;
    expect(other.spec!.ports![0]!.nodePort).toBe(31234);
    const container = byKind<V1Deployment>('Deployment').spec!.template.spec!.containers[0]!;
    expect(container.ports).toContainEqual({ name: 'http', containerPort: 8080, protocol: 'TCP' });
    expect(container.image).toBe('dhakacart-lab/ingress:0123456789ab');
    expect(container.imagePullPolicy).toBe('Never');
  });

  it('runs unprivileged, as Pod Security `restricted` demands', () => {
    const pod = byKind<V1Deployment>('Deployment').spec!.template.spec!;
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.containers[0]!.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('may read what it renders from and write only Ingress status', () => {
    const rules = byKind<V1ClusterRole>('ClusterRole').rules!;
    const verbs = (group: string, resource: string) =>
      rules
        .filter((r) => r.apiGroups!.includes(group) && r.resources!.includes(resource))
        .flatMap((r) => r.verbs);
    for (const [group, resource] of [
      ['networking.k8s.io', 'ingresses'],
      ['networking.k8s.io', 'ingressclasses'],
      ['', 'services'],
      ['discovery.k8s.io', 'endpointslices'],
    ] as const) {
      expect(verbs(group, resource).sort()).toEqual(['get', 'list', 'watch']);
    }
    expect(verbs('networking.k8s.io', 'ingresses/status').sort()).toEqual(['patch', 'update']);
  });

  it('claims IngressClass nginx for this controller, not for ingress-nginx', () => {
    expect(byKind('IngressClass')).toMatchObject({
      metadata: { name: 'nginx' },
      spec: { controller: controllerName },
    });
  });
});
