import { fileURLToPath } from 'node:url';
import type { ContainerSpec, DeploymentSpec, ProbeSpec } from '../../../../topology/model.js';

/**
 * DeploymentSpec values for the pod runtime's tests, built by hand (as the topology loader would from
 * a manifest) around the fixture server, with timings patched down so the suite stays fast.
 */
export const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));
export const fixtureCommand = ['node', 'lab/runtime/local/pods/test/fixture-server.mjs'];

export function httpProbe(path: string, overrides: Partial<ProbeSpec> = {}): ProbeSpec {
  return {
    handler: { type: 'httpGet', path, port: 3000 },
    initialDelaySeconds: 0,
    periodSeconds: 0.1,
    // Generous: the machine is shared, and a slow answer is not what these tests are about.
    timeoutSeconds: 1,
    successThreshold: 1,
    failureThreshold: 3,
    ...overrides,
  };
}

export interface FixtureOverrides extends Partial<Omit<DeploymentSpec, 'container'>> {
  container?: Partial<ContainerSpec>;
  /** FIXTURE_* settings of the fixture server (merged into container.env). */
  fixture?: Record<string, string>;
}

export function fixtureDeployment(overrides: FixtureOverrides = {}): DeploymentSpec {
  const { container, fixture, ...rest } = overrides;
  const name = rest.name ?? 'web';
  const labels = { 'app.kubernetes.io/name': name };
  return {
    name,
    source: { file: 'lab/runtime/local/pods/test/fixture-deployment.ts', resource: `Deployment/${name}` },
    replicas: 1,
    selector: labels,
    podLabels: labels,
    strategy: { type: 'RollingUpdate', maxSurge: 1, maxUnavailable: 0 },
    minReadySeconds: 0,
    progressDeadlineSeconds: 30,
    terminationGracePeriodSeconds: 5,
    local: { command: fixtureCommand, portEnv: 'PORT', hostEnv: 'HOST', serviceEnv: [] },
    templateHash: 'bcdfg2456z',
    ...rest,
    container: {
      name,
      image: 'dhakacart/fixture:test',
      ports: [{ name: 'http', containerPort: 3000 }],
      readinessProbe: httpProbe('/readyz'),
      livenessProbe: httpProbe('/healthz', { periodSeconds: 0.2 }),
      resources: { requests: {}, limits: {} },
      ...container,
      env: { ...container?.env, ...fixture },
    },
  };
}
