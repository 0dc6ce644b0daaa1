import { describe, expect, it } from 'vitest';
import { loadTopology } from './load-topology.js';
import { copyManifests } from './testing/manifest-fixture.js';

const BACKEND = 'k8s/base/backend/deployment.yaml';
const FRONTEND = 'k8s/base/frontend/deployment.yaml';
const SECRETS = 'k8s/overlays/lab/backend-secrets.yaml';
const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('loadTopology resolves what the manifests leave to Kubernetes', () => {
  it('builds env from base64 data and stringData, envFrom prefixes, $(VAR) references and optional keys', async () => {
    await using fixture = await copyManifests();
    // The Secret as `kubectl create secret` writes it: base64 data; stringData wins on a shared key.
    await fixture.replace(
      SECRETS,
      'stringData:\n',
      `data:\n  JWT_SECRET: ${base64('from-data')}\n  EXTRA: ${base64('extra value')}\nstringData:\n`,
    );
    await fixture.replace(
      SECRETS,
      '  ADMIN_USERNAME: labadmin\n  ADMIN_PASSWORD: lab-only-admin-password\n',
      '',
    );
    await fixture.replace(
      BACKEND,
      '          envFrom:\n',
      '          envFrom:\n            - prefix: SECRET_\n              secretRef:\n                name: backend-secrets\n            - configMapRef:\n                name: absent-config\n                optional: true\n',
    );
    await fixture.replace(
      BACKEND,
      "            - name: SHUTDOWN_GRACE_MS\n              value: '20000'\n",
      "            - name: SHUTDOWN_GRACE_MS\n              value: '20000'\n            - name: LISTEN\n              value: $(HOST):$(PORT) $$(PORT) $(UNKNOWN)\n",
    );

    const { deployments } = await loadTopology({ repoRoot: fixture.repoRoot });
    const env = deployments.find((d) => d.name === 'backend')!.container.env;
    expect(env.JWT_SECRET).toBe('lab-only-jwt-secret-not-a-secret-0123456789');
    expect(env.SECRET_EXTRA).toBe('extra value');
    expect(env.SECRET_DATABASE_URL).toBe(env.DATABASE_URL);
    expect(env.LISTEN).toBe('0.0.0.0:3000 $(PORT) $(UNKNOWN)');
    expect(env).not.toHaveProperty('ADMIN_USERNAME');
    expect(env).not.toHaveProperty('ADMIN_PASSWORD');
  });

  it('fills in Kubernetes defaults: probe fields, rolling update percentages, grace period, HPA behavior, ingress-nginx', async () => {
    await using fixture = await copyManifests();
    await fixture.replace(
      FRONTEND,
      '              port: http\n            initialDelaySeconds: 0\n            periodSeconds: 10\n            timeoutSeconds: 2\n            successThreshold: 1\n            failureThreshold: 3\n',
      '              port: 8080\n',
    );
    await fixture.replace(
      FRONTEND,
      '      maxSurge: 1\n      maxUnavailable: 0\n',
      '      maxSurge: 25%\n      maxUnavailable: 25%\n',
    );
    await fixture.replace(FRONTEND, '  replicas: 3\n', '  replicas: 10\n');
    await fixture.replace(FRONTEND, '      terminationGracePeriodSeconds: 30\n', '');
    await fixture.replace(
      FRONTEND,
      '              sleep:\n                seconds: 5\n',
      '              httpGet:\n                path: /drain\n                port: http\n',
    );
    const hpa = 'k8s/base/frontend/hpa.yaml';
    // Renamed to a key the loader ignores: the HPA has no behavior and gets Kubernetes' defaults.
    await fixture.replace(hpa, '  behavior:\n', '  unusedBehavior:\n');
    const ingress = 'k8s/base/ingress/ingress.yaml';
    for (const name of [
      'proxy-body-size: 100k',
      "proxy-next-upstream-tries: '3'",
      "proxy-read-timeout: '60'",
    ]) {
      await fixture.replace(ingress, `    nginx.ingress.kubernetes.io/${name}\n`, '');
    }
    await fixture.replace(
      ingress,
      '          - path: /\n',
      '          - path: /healthz\n            pathType: Exact\n            backend:\n              service:\n                name: frontend\n                port:\n                  number: 8080\n          - path: /\n',
    );

    const topology = await loadTopology({ repoRoot: fixture.repoRoot });
    const frontend = topology.deployments.find((d) => d.name === 'frontend')!;
    expect(frontend.container.livenessProbe).toEqual({
      handler: { type: 'httpGet', path: '/healthz', port: 8080 },
      initialDelaySeconds: 0,
      periodSeconds: 10,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(frontend.strategy).toEqual({ type: 'RollingUpdate', maxSurge: 3, maxUnavailable: 2 });
    expect(frontend.terminationGracePeriodSeconds).toBe(30);
    expect(frontend.container.preStop).toEqual({ type: 'httpGet', path: '/drain', port: 8080 });
    expect(topology.autoscalers.find((a) => a.name === 'frontend')?.behavior).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ],
      },
      scaleDown: {
        stabilizationWindowSeconds: 300,
        selectPolicy: 'Max',
        policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
      },
    });
    expect(topology.ingress.upstream).toMatchObject({
      tries: 3,
      readTimeoutSeconds: 60,
      bodyLimitBytes: 1024 * 1024,
    });
    expect(
      topology.ingress.routes.map((r) => `${r.pathType} ${r.path} -> ${r.service}:${r.servicePort}`),
    ).toEqual([
      'Exact /healthz -> frontend:8080',
      'Prefix /api -> backend:3000',
      'Prefix / -> frontend:8080',
    ]);
  });

  it('skips kinds the lab does not run, whether Kubernetes knows them or not', async () => {
    await using fixture = await copyManifests();
    const service = 'k8s/base/backend/service.yaml';
    const extra = [
      '---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: gadget\nspec: [1, 2]\n',
      '---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: extra\n  namespace: elsewhere\n',
    ].join('');
    await fixture.replace(service, '      protocol: TCP\n', `      protocol: TCP\n${extra}`);
    const topology = await loadTopology({ repoRoot: fixture.repoRoot });
    expect(topology.services.map((s) => s.name)).toEqual(['backend', 'frontend', 'postgres']);
  });

  it('changes the template hash when the pod template changes, not when replicas do', async () => {
    await using fixture = await copyManifests();
    const hashOf = async () =>
      (await loadTopology({ repoRoot: fixture.repoRoot })).deployments.find((d) => d.name === 'backend')!
        .templateHash;
    const original = await hashOf();
    await fixture.replace(BACKEND, '  replicas: 3\n', '  replicas: 4\n');
    expect(await hashOf()).toBe(original);
    await fixture.replace(BACKEND, 'image: dhakacart/backend:0.1.0', 'image: dhakacart/backend:0.1.1');
    expect(await hashOf()).not.toBe(original);
  });
});
