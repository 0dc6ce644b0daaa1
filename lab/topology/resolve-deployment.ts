import type { ConfigSources } from './config-sources.js';
import type { ContainerContext } from './container-ports.js';
import { checkPortEnv, readPodAnnotations } from './lab-annotations.js';
import type { DeploymentSpec, ResourceSpec } from './model.js';
import type { Parsed } from './parse-objects.js';
import type { ContainerInput } from './pod-schemas.js';
import type { ProblemList } from './problem-list.js';
import { resolveEnv } from './resolve-env.js';
import { resolvePreStop, resolveProbe } from './resolve-probes.js';
import { resolveStrategy } from './resolve-strategy.js';
import type { DeploymentInput } from './schemas.js';
import { templateHash } from './template-hash.js';

export interface DeploymentContext {
  repoRoot: string;
  sources: ConfigSources;
  problems: ProblemList;
  /** Where the local profile reads Secrets from, for fix hints. */
  secretsFile: string;
}

/** A resolved Deployment, plus the container input the Services' targetPorts resolve against. */
export interface ResolvedDeployment {
  spec: DeploymentSpec | undefined;
  podLabels: Record<string, string>;
  container: ContainerContext | undefined;
  /** False when an env reference did not resolve (already a problem), so env checks are skipped. */
  envComplete: boolean;
}

function checkSelector({ document, object }: Parsed<DeploymentInput>, problems: ProblemList): void {
  const { selector, template } = object.spec;
  if (selector.matchExpressions?.length) {
    problems.at(
      document,
      ['spec', 'selector', 'matchExpressions'],
      'is not supported by the lab; select pods with matchLabels',
    );
  }
  if (Object.keys(selector.matchLabels).length === 0) {
    problems.at(document, ['spec', 'selector', 'matchLabels'], 'expected at least one label');
  }
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    if (template.metadata.labels[key] !== value) {
      problems.at(
        document,
        ['spec', 'selector', 'matchLabels', key],
        `${key}=${value} is not a label of the pod template (spec.template.metadata.labels); a Deployment's selector must match its own pods`,
      );
    }
  }
}

function checkResources(context: ContainerContext): ResourceSpec {
  const { requests, limits } = context.container.resources;
  const amounts = (given: { cpu?: number; memory?: number }) => ({
    ...(given.cpu === undefined ? {} : { cpuMillicores: given.cpu }),
    ...(given.memory === undefined ? {} : { memoryBytes: given.memory }),
  });
  const resources: ResourceSpec = { requests: amounts(requests), limits: amounts(limits) };
  for (const [name, field] of [
    ['cpu', 'cpuMillicores'],
    ['memory', 'memoryBytes'],
  ] as const) {
    const request = resources.requests[field];
    const limit = resources.limits[field];
    if (request !== undefined && limit !== undefined && request > limit) {
      context.problems.at(
        context.document,
        [...context.containerPath, 'resources', 'requests', name],
        `the request exceeds the limit (resources.limits.${name}); Kubernetes rejects it`,
      );
    }
  }
  return resources;
}

/** One Deployment as the lab runs it; `spec` is undefined when a problem leaves nothing to run. */
export async function resolveDeployment(
  parsed: Parsed<DeploymentInput>,
  context: DeploymentContext,
): Promise<ResolvedDeployment> {
  const { document, object } = parsed;
  const { problems } = context;
  const { spec } = object;
  checkSelector(parsed, problems);
  const strategy = resolveStrategy(document, spec, problems);
  const containers: ContainerInput[] = spec.template.spec.containers;
  const annotations = await readPodAnnotations(
    document,
    spec.template.metadata.annotations,
    containers,
    context.repoRoot,
    problems,
  );
  const podLabels = spec.template.metadata.labels;
  const index = annotations.containerIndex;
  const container = index === undefined ? undefined : containers[index];
  if (index === undefined || !container)
    return { spec: undefined, podLabels, container: undefined, envComplete: false };

  const containerPath = ['spec', 'template', 'spec', 'containers', index];
  const containerContext: ContainerContext = { document, containerPath, container, problems };
  const { env, complete: envComplete } = resolveEnv(container, {
    document,
    containerPath,
    sources: context.sources,
    problems,
    secretsFile: context.secretsFile,
  });
  const startupProbe = resolveProbe('startupProbe', containerContext);
  const readinessProbe = resolveProbe('readinessProbe', containerContext);
  const livenessProbe = resolveProbe('livenessProbe', containerContext);
  const preStop = resolvePreStop(containerContext);
  const resources = checkResources(containerContext);
  if (annotations.local) checkPortEnv(document, annotations.local, env, container, problems);
  if (!annotations.local) return { spec: undefined, podLabels, container: containerContext, envComplete };

  const rawTemplate = ((document.value as { spec?: { template?: unknown } }).spec ?? {}).template;
  return {
    podLabels,
    container: containerContext,
    envComplete,
    spec: {
      name: object.metadata.name,
      source: { file: document.file, resource: `Deployment/${object.metadata.name}` },
      replicas: spec.replicas,
      selector: spec.selector.matchLabels,
      podLabels,
      strategy,
      minReadySeconds: spec.minReadySeconds,
      progressDeadlineSeconds: spec.progressDeadlineSeconds,
      terminationGracePeriodSeconds: spec.template.spec.terminationGracePeriodSeconds,
      container: {
        name: container.name,
        image: container.image,
        ports: container.ports.map((p) =>
          p.name ? { name: p.name, containerPort: p.containerPort } : { containerPort: p.containerPort },
        ),
        env,
        ...(startupProbe ? { startupProbe } : {}),
        ...(readinessProbe ? { readinessProbe } : {}),
        ...(livenessProbe ? { livenessProbe } : {}),
        ...(preStop ? { preStop } : {}),
        resources,
      },
      local: annotations.local,
      templateHash: templateHash(rawTemplate),
    },
  };
}
