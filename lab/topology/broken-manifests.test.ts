import { describe, expect, it } from 'vitest';
import { loadTopology, TopologyError, type TopologyProblem } from './load-topology.js';
import { copyManifests } from './testing/manifest-fixture.js';

const BACKEND = 'k8s/base/backend/deployment.yaml';
const FRONTEND = 'k8s/base/frontend/deployment.yaml';
const CONTAINER = 'spec.template.spec.containers[0]';
const annotation = (name: string) => `spec.template.metadata.annotations["lab.dhakacart.dev/${name}"]`;

async function problemsOf(repoRoot: string): Promise<readonly TopologyProblem[]> {
  const error = await loadTopology({ repoRoot }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(TopologyError);
  const problems = (error as TopologyError).problems;
  // The message lists every problem, one line each, starting with file:line.
  const lines = (error as TopologyError).message.split('\n').slice(1);
  expect(lines).toHaveLength(problems.length);
  for (const [i, problem] of problems.entries()) {
    expect(lines[i]).toContain(`${problem.file}${problem.line === undefined ? '' : `:${problem.line}`}`);
    expect(lines[i]).toContain(problem.message);
  }
  return problems;
}

const problem = (file: string, line: number, resource: string, field: string, message: string) =>
  expect.objectContaining({ file, line, resource, field, message: expect.stringContaining(message) });

describe('loadTopology on broken manifests', () => {
  it('reports every problem of the Deployments and their references at once, with file, line, resource and field', async () => {
    await using fixture = await copyManifests();
    const period = await fixture.replace(BACKEND, 'periodSeconds: 5\n', 'periodSeconds: five\n');
    // Lines below this one move up by one: compute them after the edit.
    await fixture.replace(BACKEND, '        lab.dhakacart.dev/port-env: PORT\n', '');
    const annotations = await fixture.lineOf(BACKEND, '      annotations:\n        # How the lab');
    const jwtKey = await fixture.replace(BACKEND, 'key: JWT_SECRET\n', 'key: JWT_SECRETS\n');
    const selector = await fixture.replace(
      BACKEND,
      '      app.kubernetes.io/part-of: dhakacart\n  strategy:',
      '      app.kubernetes.io/part-of: shop\n  strategy:',
    );
    const command = await fixture.replace(
      FRONTEND,
      'app/frontend/server/server.ts',
      'app/frontend/server/missing.ts',
    );
    const configMap = await fixture.replace(FRONTEND, 'name: frontend-config', 'name: frontend-settings');
    const liveness = await fixture.replace(
      FRONTEND,
      'livenessProbe:\n            httpGet:\n              path: /healthz\n              port: http',
      'livenessProbe:\n            httpGet:\n              path: /healthz\n              port: metrics',
    );
    const route = await fixture.replace(
      'k8s/base/ingress/ingress.yaml',
      'name: backend\n',
      'name: backend-api\n',
    );
    const hpaTarget = await fixture.replace(
      'k8s/base/frontend/hpa.yaml',
      '    kind: Deployment\n    name: frontend',
      '    kind: Deployment\n    name: storefront',
    );
    const targetPort = await fixture.replace(
      'k8s/base/backend/service.yaml',
      'targetPort: http',
      'targetPort: web',
    );
    const pdb = await fixture.replace(
      'k8s/base/frontend/pdb.yaml',
      'maxUnavailable: 1',
      'maxUnavailable: 1: 2',
    );

    const problems = await problemsOf(fixture.repoRoot);
    expect(problems).toEqual([
      problem(
        BACKEND,
        selector,
        'Deployment/backend',
        'spec.selector.matchLabels["app.kubernetes.io/part-of"]',
        'app.kubernetes.io/part-of=shop is not a label of the pod template',
      ),
      expect.objectContaining({
        file: BACKEND,
        line: annotations,
        resource: 'Deployment/backend',
        field: annotation('port-env'),
        message: expect.stringContaining('missing'),
        hint: expect.stringContaining('see k8s/README.md, Lab annotations'),
      }),
      problem(
        BACKEND,
        jwtKey,
        'Deployment/backend',
        `${CONTAINER}.env[5].valueFrom.secretKeyRef.key`,
        'Secret "backend-secrets" has no key "JWT_SECRETS"',
      ),
      problem(
        BACKEND,
        period - 1,
        'Deployment/backend',
        `${CONTAINER}.readinessProbe.periodSeconds`,
        'expected a positive integer, got "five"',
      ),
      problem(
        'k8s/base/backend/service.yaml',
        targetPort,
        'Service/backend',
        'spec.ports[0].targetPort',
        'port name "web" is not a port of container "backend"',
      ),
      problem(
        FRONTEND,
        command,
        'Deployment/frontend',
        annotation('local-command'),
        'runs app/frontend/server/missing.ts, which does not exist',
      ),
      problem(
        FRONTEND,
        configMap,
        'Deployment/frontend',
        `${CONTAINER}.envFrom[0].configMapRef.name`,
        'ConfigMap "frontend-settings" is not in the manifests',
      ),
      problem(
        FRONTEND,
        liveness + 3,
        'Deployment/frontend',
        `${CONTAINER}.livenessProbe.httpGet.port`,
        'port name "metrics" is not a port of container "frontend"',
      ),
      problem(
        'k8s/base/frontend/hpa.yaml',
        hpaTarget + 1,
        'HorizontalPodAutoscaler/frontend',
        'spec.scaleTargetRef.name',
        'targets Deployment "storefront", which is not in the manifests',
      ),
      expect.objectContaining({
        file: 'k8s/base/frontend/pdb.yaml',
        line: pdb,
        message: expect.stringContaining('not valid YAML'),
      }),
      problem(
        'k8s/base/ingress/ingress.yaml',
        route,
        'Ingress/dhakacart',
        'spec.rules[0].http.paths[0].backend.service.name',
        'routes to Service "backend-api"',
      ),
    ]);
  });
});

describe('loadTopology on a broken kustomization, Service, Secret and autoscaler', () => {
  it('names each problem, including entries the local profile cannot read and a missing Ingress', async () => {
    await using fixture = await copyManifests();
    const KUSTOMIZATION = 'k8s/base/kustomization.yaml';
    const url = await fixture.replace(
      KUSTOMIZATION,
      '  - ingress/ingress.yaml\n',
      '  - https://github.com/x/y//k8s?ref=v1\n  - namespace\n',
    );
    const surge = await fixture.replace(BACKEND, 'maxSurge: 1', 'maxSurge: 0');
    const cpu = await fixture.replace(BACKEND, 'cpu: 250m', 'cpu: lots');
    const minReplicas = await fixture.replace(
      'k8s/base/backend/hpa.yaml',
      'minReplicas: 3',
      'minReplicas: 12',
    );
    const trustProxy = await fixture.replace(
      'k8s/base/backend/configmap.yaml',
      "TRUST_PROXY: '1'",
      'TRUST_PROXY: 1',
    );
    const serviceAnnotations = await fixture.replace(
      'k8s/base/database/service.yaml',
      '  annotations:\n    lab.dhakacart.dev/provided-by: database-proxy\n',
      '',
    );
    const SECRETS = 'k8s/overlays/lab/backend-secrets.yaml';
    const secret = await fixture.replace(
      SECRETS,
      'stringData:\n',
      'data:\n  EXTRA: "not base64!"\nstringData:\n',
    );

    const problems = await problemsOf(fixture.repoRoot);
    expect(problems).toEqual([
      expect.objectContaining({ file: KUSTOMIZATION, message: expect.stringContaining('no Ingress') }),
      expect.objectContaining({
        file: KUSTOMIZATION,
        line: url,
        field: 'resources[16]',
        message: expect.stringContaining('is a URL'),
      }),
      expect.objectContaining({
        file: KUSTOMIZATION,
        line: url + 1,
        field: 'resources[17]',
        message: 'k8s/base/namespace is a directory; expected a YAML file',
      }),
      problem(
        'k8s/base/backend/configmap.yaml',
        trustProxy,
        'ConfigMap/backend-config',
        'data.TRUST_PROXY',
        'expected a string (quote numbers and booleans), got 1',
      ),
      problem(
        BACKEND,
        surge + 1,
        'Deployment/backend',
        'spec.strategy.rollingUpdate.maxUnavailable',
        'may not be 0 when maxSurge is 0',
      ),
      problem(
        BACKEND,
        cpu,
        'Deployment/backend',
        `${CONTAINER}.resources.requests.cpu`,
        'expected a CPU quantity such as "250m" or "1", got "lots"',
      ),
      problem(
        'k8s/base/backend/hpa.yaml',
        minReplicas,
        'HorizontalPodAutoscaler/backend',
        'spec.minReplicas',
        '12 is above maxReplicas (10)',
      ),
      expect.objectContaining({
        file: 'k8s/base/database/service.yaml',
        line: serviceAnnotations - 6, // metadata:, the closest parent of the missing annotations
        resource: 'Service/postgres',
        message: expect.stringContaining('no selector'),
        hint: expect.stringContaining('lab.dhakacart.dev/provided-by: database-proxy'),
      }),
      problem(
        SECRETS,
        secret + 1,
        'Secret/backend-secrets',
        'data.EXTRA',
        'expected base64 (use stringData for plain text)',
      ),
    ]);
    // The kustomization is configuration, not a Kubernetes object: its problems name no resource.
    expect(problems[1]).not.toHaveProperty('resource');
  });

  it('reports a missing kustomization alone, naming the file and the manifests folder', async () => {
    await using fixture = await copyManifests();
    const problems = await (async () => {
      const error = await loadTopology({ repoRoot: fixture.repoRoot, manifestsDir: 'manifests' }).catch(
        (e: unknown) => e,
      );
      return (error as TopologyError).problems;
    })();
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'manifests/base/kustomization.yaml',
        message: expect.stringContaining('does not exist'),
      }),
    ]);
  });

  it('rejects a local-command that is not a JSON argv array, an unknown lab annotation and a misspelled probe field', async () => {
    await using fixture = await copyManifests();
    const command = await fixture.replace(
      FRONTEND,
      `'["node", "--import", "tsx", "app/frontend/server/server.ts"]'`,
      'node app/frontend/server/server.ts',
    );
    const typo = await fixture.replace(
      FRONTEND,
      'lab.dhakacart.dev/host-env: HOST',
      'lab.dhakacart.dev/host-env: HOST\n        lab.dhakacart.dev/hostenv: HOST',
    );
    // A misspelled field would otherwise fall back to the default (10 s) silently.
    const misspelled = await fixture.replace(FRONTEND, 'periodSeconds: 5\n', 'periodSecond: 5\n');
    const problems = await problemsOf(fixture.repoRoot);
    expect(problems).toEqual([
      problem(
        FRONTEND,
        command,
        'Deployment/frontend',
        annotation('local-command'),
        'expected a JSON array of non-empty strings (argv, no shell)',
      ),
      problem(
        FRONTEND,
        typo + 1,
        'Deployment/frontend',
        annotation('hostenv'),
        'unknown lab annotation; known: lab.dhakacart.dev/container',
      ),
      problem(
        FRONTEND,
        misspelled,
        'Deployment/frontend',
        `${CONTAINER}.readinessProbe.periodSecond`,
        'unknown field; known fields: httpGet, tcpSocket, exec, grpc, initialDelaySeconds, periodSeconds',
      ),
    ]);
  });
});
