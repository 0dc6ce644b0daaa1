import { beforeAll, describe, expect, it } from 'vitest';
import { loadTopology, patchTopology } from './load-topology.js';
import type { Topology } from './model.js';
import { REPO_ROOT } from './testing/manifest-fixture.js';

describe('loadTopology on the repository k8s/', () => {
  let topology: Topology;
  beforeAll(async () => {
    topology = await loadTopology({ repoRoot: REPO_ROOT });
  });
  const deployment = (name: string) => topology.deployments.find((d) => d.name === name)!;

  it('reads the files base/kustomization.yaml lists, then the lab Secret', () => {
    expect(topology.namespace).toBe('dhakacart');
    expect(topology.files[0]).toBe('k8s/base/kustomization.yaml');
    expect(topology.files).toContain('k8s/base/backend/deployment.yaml');
    expect(topology.files.at(-1)).toBe('k8s/overlays/lab/backend-secrets.yaml');
    expect(topology.files).not.toContain('k8s/base/backend-secrets.template.yaml');
    expect(topology.deployments.map((d) => d.name)).toEqual(['backend', 'frontend']);
  });

  it('gives the backend its replicas, rolling update, probes, preStop and grace period', () => {
    const backend = deployment('backend');
    expect(backend.replicas).toBe(3);
    expect(backend.source).toEqual({
      file: 'k8s/base/backend/deployment.yaml',
      resource: 'Deployment/backend',
    });
    expect(backend.strategy).toEqual({ type: 'RollingUpdate', maxSurge: 1, maxUnavailable: 0 });
    expect(backend.terminationGracePeriodSeconds).toBe(40);
    expect(backend.container.readinessProbe).toEqual({
      handler: { type: 'httpGet', path: '/readyz', port: 3000 },
      initialDelaySeconds: 0,
      periodSeconds: 5,
      timeoutSeconds: 2,
      successThreshold: 1,
      failureThreshold: 2,
    });
    expect(backend.container.startupProbe?.failureThreshold).toBe(30);
    expect(backend.container.livenessProbe?.handler).toEqual({
      type: 'httpGet',
      path: '/healthz',
      port: 3000,
    });
    expect(backend.container.preStop).toEqual({ type: 'sleep', seconds: 5 });
    expect(backend.container.ports).toEqual([{ name: 'http', containerPort: 3000 }]);
    expect(backend.container.resources).toEqual({
      requests: { cpuMillicores: 250, memoryBytes: 256 * 1024 ** 2 },
      limits: { cpuMillicores: 1000, memoryBytes: 512 * 1024 ** 2 },
    });
    expect(backend.selector).toEqual({
      'app.kubernetes.io/name': 'backend',
      'app.kubernetes.io/part-of': 'dhakacart',
    });
    expect(backend.templateHash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
  });

  it('builds the backend env from the ConfigMap, the lab Secret and the container env', () => {
    const env = deployment('backend').container.env;
    expect(env.DATABASE_URL).toBe('postgres://dhakacart:lab-only-password@postgres:5432/dhakacart');
    expect(env.JWT_SECRET).toMatch(/^lab-only-/);
    expect(env.ADMIN_USERNAME).toBe('labadmin');
    expect(env.TRUST_PROXY).toBe('1');
    expect(env.SHUTDOWN_GRACE_MS).toBe('20000');
    expect(env.PORT).toBe('3000');
  });

  it('says how the lab runs each pod from the source checkout', () => {
    expect(deployment('backend').local).toEqual({
      command: ['node', '--import', 'tsx', 'app/backend/src/server.ts'],
      portEnv: 'PORT',
      hostEnv: 'HOST',
      serviceEnv: ['DATABASE_URL'],
    });
    expect(deployment('frontend').local.serviceEnv).toEqual([]);
    expect(deployment('frontend').container.env.API_BASE_URL).toBe('/api');
    expect(deployment('frontend').terminationGracePeriodSeconds).toBe(30);
  });

  it('resolves Service target ports and marks postgres as served by the database proxy', () => {
    const service = (name: string) => topology.services.find((s) => s.name === name);
    expect(service('backend')?.ports).toEqual([{ name: 'http', port: 3000, targetPort: 3000 }]);
    expect(service('frontend')?.ports).toEqual([{ name: 'http', port: 8080, targetPort: 8080 }]);
    expect(service('postgres')).toMatchObject({
      providedBy: 'database-proxy',
      ports: [{ port: 5432, targetPort: 5432 }],
    });
    expect(service('postgres')?.selector).toBeUndefined();
  });

  it('routes /api to the backend and / to the frontend, longest prefix first, with nginx retries', () => {
    expect(topology.ingress.routes).toEqual([
      { path: '/api', pathType: 'Prefix', service: 'backend', servicePort: 3000 },
      { path: '/', pathType: 'Prefix', service: 'frontend', servicePort: 8080 },
    ]);
    expect(topology.ingress.upstream).toEqual({
      nextUpstream: ['error', 'timeout'],
      tries: 3,
      connectTimeoutSeconds: 5,
      sendTimeoutSeconds: 60,
      readTimeoutSeconds: 60,
      bodyLimitBytes: 100 * 1024,
    });
  });

  it('scales the backend 3-10 and the frontend 3-8 on CPU 70 % and memory 80 %', () => {
    const hpa = (name: string) => topology.autoscalers.find((a) => a.name === name);
    const metrics = [
      { resource: 'cpu', averageUtilization: 70 },
      { resource: 'memory', averageUtilization: 80 },
    ];
    expect(hpa('backend')).toMatchObject({ target: 'backend', minReplicas: 3, maxReplicas: 10, metrics });
    expect(hpa('frontend')).toMatchObject({ target: 'frontend', minReplicas: 3, maxReplicas: 8, metrics });
    expect(hpa('backend')?.behavior.scaleDown.stabilizationWindowSeconds).toBe(300);
    expect(hpa('backend')?.behavior.scaleUp.policies).toContainEqual({
      type: 'Pods',
      value: 4,
      periodSeconds: 15,
    });
  });

  it('keeps the PodDisruptionBudgets', () => {
    expect(topology.disruptionBudgets.map((b) => [b.name, b.maxUnavailable])).toEqual([
      ['backend', 1],
      ['frontend', 1],
    ]);
  });

  it('gives the same template hash on every load', async () => {
    const again = await loadTopology({ repoRoot: REPO_ROOT });
    expect(again.deployments.map((d) => d.templateHash)).toEqual(
      topology.deployments.map((d) => d.templateHash),
    );
    expect(deployment('backend').templateHash).not.toBe(deployment('frontend').templateHash);
  });
});

describe('patchTopology', () => {
  it('edits a copy and leaves the original as loaded', async () => {
    const topology = await loadTopology({ repoRoot: REPO_ROOT });
    const fast = patchTopology(topology, (draft) => {
      for (const d of draft.deployments) {
        if (d.container.readinessProbe) d.container.readinessProbe.periodSeconds = 0.2;
        d.terminationGracePeriodSeconds = 1;
      }
    });
    expect(fast.deployments[0]?.container.readinessProbe?.periodSeconds).toBe(0.2);
    expect(fast.deployments[0]?.terminationGracePeriodSeconds).toBe(1);
    expect(topology.deployments[0]?.container.readinessProbe?.periodSeconds).toBe(5);
    expect(topology.deployments[0]?.terminationGracePeriodSeconds).toBe(40);
  });
});
