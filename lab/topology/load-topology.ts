import path from 'node:path';
import { checkServiceEnv } from './check-service-env.js';
import { collectConfigSources } from './config-sources.js';
import type { AutoscalerSpec, DeploymentSpec, IngressSpec, Topology } from './model.js';
import { parseObjects, type ParsedManifests } from './parse-objects.js';
import { ProblemList } from './problem-list.js';
import { readManifests } from './read-manifests.js';
import { resolveAutoscaler } from './resolve-autoscaler.js';
import { resolveDeployment, type ResolvedDeployment } from './resolve-deployment.js';
import { resolveDisruptionBudget } from './resolve-disruption-budget.js';
import { resolveIngress } from './resolve-ingress.js';
import { resolveService } from './resolve-service.js';
import { TopologyError, type TopologyProblem } from './topology-error.js';

export { patchTopology } from './patch-topology.js';
export { TopologyError, formatProblem, type TopologyProblem } from './topology-error.js';

export interface LoadTopologyOptions {
  /** The repository root: local commands run from here and file names in errors are relative to it. */
  repoRoot: string;
  /** The manifests folder, relative to repoRoot (or absolute); default `k8s`. */
  manifestsDir?: string;
}

/** The namespace of the Deployments; any object the lab runs in another namespace is a problem. */
function checkNamespace(parsed: ParsedManifests, problems: ProblemList): string {
  const objects = [
    ...parsed.Deployment,
    ...parsed.Service,
    ...parsed.Ingress,
    ...parsed.HorizontalPodAutoscaler,
    ...parsed.PodDisruptionBudget,
    ...parsed.ConfigMap,
    ...parsed.Secret,
  ];
  const namespace = objects.find((o) => o.object.metadata.namespace)?.object.metadata.namespace ?? 'default';
  for (const { document, object } of objects) {
    if (object.metadata.namespace !== undefined && object.metadata.namespace !== namespace) {
      problems.at(
        document,
        ['metadata', 'namespace'],
        `is ${object.metadata.namespace}; every object the lab runs must be in one namespace (${namespace})`,
      );
    }
  }
  return namespace;
}

/** Problems in the order of the files read, then by line, so the message reads top to bottom. */
function sortProblems(problems: readonly TopologyProblem[], files: readonly string[]): TopologyProblem[] {
  const rank = (file: string) => (files.includes(file) ? files.indexOf(file) : files.length);
  return [...problems].sort((a, b) => rank(a.file) - rank(b.file) || (a.line ?? 0) - (b.line ?? 0));
}

/**
 * Loads the k8s/ manifests into the typed topology every runtime consumes (model.ts): the files listed
 * in `<manifestsDir>/base/kustomization.yaml` plus the lab's Secret, validated and resolved (env,
 * probes, ports, routes, autoscalers). Throws a TopologyError naming every problem found.
 */
export async function loadTopology({
  repoRoot,
  manifestsDir = 'k8s',
}: LoadTopologyOptions): Promise<Topology> {
  const root = path.resolve(repoRoot);
  const problems = new ProblemList();
  const input = await readManifests(root, manifestsDir, problems);
  const parsed = parseObjects(input.documents, problems);
  const namespace = checkNamespace(parsed, problems);
  const sources = collectConfigSources(parsed, problems);
  const invalidKind = (kind: string) =>
    [...parsed.invalid].some((resource) => resource.startsWith(`${kind}/`));

  const resolved: ResolvedDeployment[] = [];
  for (const deployment of parsed.Deployment) {
    resolved.push(
      await resolveDeployment(deployment, {
        repoRoot: root,
        sources,
        problems,
        secretsFile: input.secretsFile,
      }),
    );
  }
  const services = parsed.Service.map((s) =>
    resolveService(s, resolved, invalidKind('Deployment'), problems),
  );
  const deployments: DeploymentSpec[] = [];
  resolved.forEach(({ spec, envComplete }, index) => {
    if (!spec) return;
    if (envComplete) checkServiceEnv(parsed.Deployment[index]!.document, spec, services, namespace, problems);
    deployments.push(spec);
  });

  const [firstIngress, ...extraIngresses] = parsed.Ingress;
  for (const { document } of extraIngresses) {
    problems.at(
      document,
      ['metadata', 'name'],
      `the lab serves one Ingress; ${parsed.Ingress[0]?.document.resource} is already it`,
    );
  }
  let ingress: IngressSpec | undefined;
  if (firstIngress) ingress = resolveIngress(firstIngress, services, parsed.invalid, problems);
  else if (!invalidKind('Ingress') && input.files.length > 0) {
    problems.add({
      file: input.kustomizationFile,
      message: 'the listed files hold no Ingress; the lab needs one to route requests to the Services',
    });
  }
  if (parsed.Deployment.length === 0 && !invalidKind('Deployment') && input.files.length > 0) {
    problems.add({
      file: input.kustomizationFile,
      message: 'the listed files hold no Deployment; the lab has nothing to run',
    });
  }

  const deploymentNames = new Set(parsed.Deployment.map((d) => d.object.metadata.name));
  const autoscalers: AutoscalerSpec[] = parsed.HorizontalPodAutoscaler.map((hpa) =>
    resolveAutoscaler(hpa, deploymentNames, parsed.invalid, problems),
  );
  const disruptionBudgets = parsed.PodDisruptionBudget.map((pdb) => resolveDisruptionBudget(pdb, problems));

  if (problems.count > 0 || !ingress) throw new TopologyError(sortProblems(problems.items, input.files));
  return { namespace, deployments, services, ingress, autoscalers, disruptionBudgets, files: input.files };
}
