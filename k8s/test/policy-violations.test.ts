import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { labAnnotationProblems } from './support/lab-annotations.js';
import { K8S_DIR, loadManifestsUnder, type Manifest } from './support/manifests.js';
import { ManifestSet } from './support/objects.js';
import {
  autoscalerProblems,
  disruptionBudgetProblems,
  imageTagProblems,
  ingressBackendProblems,
  namespaceSecurityProblems,
  networkPolicyProblems,
  probeProblems,
  resourceProblems,
  rollingUpdateProblems,
  securityContextProblems,
  serviceAccountProblems,
  serviceSelectorProblems,
  shutdownProblems,
  spreadProblems,
} from './support/policies.js';

/**
 * Each policy, shown a copy of the base with one realistic mistake, names that mistake. This is
 * what makes the all-clear in policies.test.ts mean something.
 */

// Loosely typed on purpose: the mistakes below write what the typed models would not allow.
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function baseWith(mistake: (find: (kind: string, name: string) => Loose) => void): ManifestSet {
  const manifests = structuredClone(loadManifestsUnder(path.join(K8S_DIR, 'base'))) as Manifest[];
  const find = (kind: string, name: string): Loose => {
    const found = manifests.find((m) => m.object.kind === kind && m.object.metadata?.name === name);
    if (!found) throw new Error(`the base has no ${kind}/${name}`);
    return found.object;
  };
  mistake(find);
  return new ManifestSet('k8s/base with a mistake', manifests);
}

const backendContainer = (find: (kind: string, name: string) => Loose): Loose =>
  find('Deployment', 'backend').spec.template.spec.containers[0];

const cases: Array<{
  mistake: string;
  rule: (set: ManifestSet) => string[];
  make: Parameters<typeof baseWith>[0];
  says: RegExp;
}> = [
  {
    mistake: 'a container without a readiness probe',
    rule: probeProblems,
    make: (find) => delete backendContainer(find).readinessProbe,
    says: /Deployment\/backend container backend: no readinessProbe/,
  },
  {
    mistake: 'a probe that leaves its timeout to the default',
    rule: probeProblems,
    make: (find) => delete backendContainer(find).livenessProbe.timeoutSeconds,
    says: /livenessProbe leaves timeoutSeconds to defaults/,
  },
  {
    mistake: 'liveness pointed at /readyz',
    rule: probeProblems,
    make: (find) => (backendContainer(find).livenessProbe.httpGet.path = '/readyz'),
    says: /livenessProbe calls \/readyz; expected GET \/healthz/,
  },
  {
    mistake: 'no memory limit',
    rule: resourceProblems,
    make: (find) => delete backendContainer(find).resources.limits.memory,
    says: /container backend: resources\.limits\.memory is not set/,
  },
  {
    mistake: 'a writable root filesystem',
    rule: securityContextProblems,
    make: (find) => (backendContainer(find).securityContext.readOnlyRootFilesystem = false),
    says: /container backend: readOnlyRootFilesystem must be true/,
  },
  {
    mistake: 'an added capability',
    rule: securityContextProblems,
    make: (find) => (backendContainer(find).securityContext.capabilities.add = ['NET_ADMIN']),
    says: /capabilities\.add must be empty/,
  },
  {
    mistake: 'a namespace that only warns about privileged pods',
    rule: namespaceSecurityProblems,
    make: (find) =>
      (find('Namespace', 'dhakacart').metadata.labels['pod-security.kubernetes.io/enforce'] = 'baseline'),
    says: /Namespace\/dhakacart: label pod-security\.kubernetes\.io\/enforce must be restricted/,
  },
  {
    mistake: 'a PodDisruptionBudget whose selector misses the pods',
    rule: disruptionBudgetProblems,
    make: (find) =>
      (find('PodDisruptionBudget', 'frontend').spec.selector.matchLabels['app.kubernetes.io/name'] = 'web'),
    says: /Deployment\/frontend: 0 PodDisruptionBudgets select its pods/,
  },
  {
    mistake: 'an HPA aimed at a Deployment that does not exist',
    rule: autoscalerProblems,
    make: (find) => (find('HorizontalPodAutoscaler', 'backend').spec.scaleTargetRef.name = 'api'),
    says: /HorizontalPodAutoscaler\/backend: scaleTargetRef .*"api".* names no apps\/v1 Deployment/,
  },
  {
    mistake: 'a Service selecting no pods',
    rule: serviceSelectorProblems,
    make: (find) => (find('Service', 'backend').spec.selector['app.kubernetes.io/name'] = 'api'),
    says: /Service\/backend: selector .* matches no Deployment's pod labels/,
  },
  {
    mistake: 'a Service targeting a port name the pods do not have',
    rule: serviceSelectorProblems,
    make: (find) => (find('Service', 'frontend').spec.ports[0].targetPort = 'web'),
    says: /Service\/frontend: port http targets web, which Deployment\/frontend does not expose/,
  },
  {
    mistake: 'no default-deny policy',
    rule: networkPolicyProblems,
    make: (find) =>
      (find('NetworkPolicy', 'default-deny-all').spec.podSelector = { matchLabels: { x: 'y' } }),
    says: /namespace dhakacart: no default-deny NetworkPolicy/,
  },
  {
    mistake: 'an app no policy selects',
    rule: networkPolicyProblems,
    make: (find) =>
      (find('NetworkPolicy', 'frontend').spec.podSelector.matchLabels['app.kubernetes.io/name'] = 'web'),
    says: /Deployment\/frontend: no NetworkPolicy selects its pods/,
  },
  {
    mistake: 'an Ingress path to a missing Service port',
    rule: ingressBackendProblems,
    make: (find) =>
      (find('Ingress', 'dhakacart').spec.rules[0].http.paths[0].backend.service.port = { name: 'metrics' }),
    says: /Ingress\/dhakacart: path \/api sends to Service\/backend port \{"name":"metrics"\}/,
  },
  {
    mistake: 'a rollout that may take a ready pod away',
    rule: rollingUpdateProblems,
    make: (find) => (find('Deployment', 'backend').spec.strategy.rollingUpdate.maxUnavailable = 1),
    says: /Deployment\/backend: strategy is .*expected RollingUpdate maxSurge 1, maxUnavailable 0/,
  },
  {
    mistake: 'a drain longer than the grace period',
    rule: shutdownProblems,
    make: (find) => (find('Deployment', 'frontend').spec.template.spec.terminationGracePeriodSeconds = 15),
    says: /preStop 5 s \+ SHUTDOWN_DELAY_MS 5000 \+ SHUTDOWN_GRACE_MS 10000 does not fit in terminationGracePeriodSeconds 15/,
  },
  {
    mistake: 'a zone spread that selects another app',
    rule: spreadProblems,
    make: (find) =>
      (find(
        'Deployment',
        'frontend',
      ).spec.template.spec.topologySpreadConstraints[0].labelSelector.matchLabels['app.kubernetes.io/name'] =
        'backend'),
    says: /Deployment\/frontend: no topologySpreadConstraint on topology\.kubernetes\.io\/zone/,
  },
  {
    mistake: 'a preStop sleep as long as the grace period',
    rule: shutdownProblems,
    make: (find) => (backendContainer(find).lifecycle.preStop.sleep.seconds = 40),
    says: /preStop sleeps 40 s, not less than the 40 s grace period/,
  },
  {
    mistake: 'an image with the latest tag',
    rule: imageTagProblems,
    make: (find) => (backendContainer(find).image = 'registry.example:5000/dhakacart/backend:latest'),
    says: /image "registry\.example:5000\/dhakacart\/backend:latest" has the latest tag/,
  },
  {
    mistake: 'an image without a tag',
    rule: imageTagProblems,
    make: (find) => (backendContainer(find).image = 'dhakacart/backend'),
    says: /image "dhakacart\/backend" has no tag/,
  },
  {
    mistake: 'a RoleBinding that hands the backend API access',
    rule: serviceAccountProblems,
    make: (find) =>
      Object.assign(find('ConfigMap', 'backend-config'), {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ kind: 'ServiceAccount', name: 'backend', namespace: 'dhakacart' }],
      }),
    says: /RoleBinding\/backend-config: grants Kubernetes API access to backend/,
  },
  {
    mistake: 'a missing lab annotation',
    rule: labAnnotationProblems,
    make: (find) =>
      delete find('Deployment', 'frontend').spec.template.metadata.annotations['lab.dhakacart.dev/port-env'],
    says: /Deployment\/frontend: pod template lacks lab\.dhakacart\.dev\/port-env/,
  },
  {
    mistake: 'a misspelled lab annotation',
    rule: labAnnotationProblems,
    make: (find) =>
      (find('Deployment', 'backend').spec.template.metadata.annotations['lab.dhakacart.dev/local-comand'] =
        '[]'),
    says: /unknown annotation lab\.dhakacart\.dev\/local-comand/,
  },
  {
    mistake: 'a local command that is not a JSON argv',
    rule: labAnnotationProblems,
    make: (find) =>
      (find('Deployment', 'backend').spec.template.metadata.annotations['lab.dhakacart.dev/local-command'] =
        'tsx app/backend/src/server.ts'),
    says: /local-command is not JSON; expected an argv array/,
  },
  {
    mistake: 'a local command running a file that does not exist',
    rule: labAnnotationProblems,
    make: (find) =>
      (find('Deployment', 'backend').spec.template.metadata.annotations['lab.dhakacart.dev/local-command'] =
        '["node", "--import", "tsx", "app/backend/src/main.ts"]'),
    says: /runs app\/backend\/src\/main\.ts, which does not exist in the repository/,
  },
  {
    mistake: 'a port env var that does not carry the container port',
    rule: labAnnotationProblems,
    make: (find) =>
      (find('Deployment', 'frontend').spec.template.metadata.annotations['lab.dhakacart.dev/port-env'] =
        'HTTP_PORT'),
    says: /port-env is "HTTP_PORT"; expected an env var the container sets to one of its containerPorts \(8080\)/,
  },
  {
    mistake: 'a database URL whose host is not a Service the lab can stand in for',
    rule: labAnnotationProblems,
    make: (find) =>
      (find('Secret', 'backend-secrets').stringData.DATABASE_URL =
        'postgres://u:p@db.internal:5432/dhakacart'),
    says: /Deployment\/backend: DATABASE_URL points at host "db", which is not a Service in dhakacart/,
  },
];

describe('policy checks catch the mistakes they exist for', () => {
  it.each(cases)('$mistake', ({ rule, make, says }) => {
    const problems = rule(baseWith(make));
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(says)]));
  });
});
