import type { AutoscalerSpec, ScalingRules } from './model.js';
import type { Parsed } from './parse-objects.js';
import type { ProblemList } from './problem-list.js';
import type { AutoscalerInput, ScalingRulesInput } from './schemas.js';

/** Kubernetes' HPA behavior defaults (autoscaling/v2), applied field by field as the API server does. */
const DEFAULT_RULES: Record<'scaleUp' | 'scaleDown', ScalingRules> = {
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
};

/** With no metrics, Kubernetes scales on CPU at 80 % of requests. */
const DEFAULT_METRICS: AutoscalerSpec['metrics'] = [{ resource: 'cpu', averageUtilization: 80 }];

function rules(direction: 'scaleUp' | 'scaleDown', given: ScalingRulesInput): ScalingRules {
  const defaults = DEFAULT_RULES[direction];
  return {
    stabilizationWindowSeconds: given?.stabilizationWindowSeconds ?? defaults.stabilizationWindowSeconds,
    selectPolicy: given?.selectPolicy ?? defaults.selectPolicy,
    policies: given?.policies ?? defaults.policies.map((p) => ({ ...p })),
  };
}

/**
 * One HorizontalPodAutoscaler: it must scale a Deployment of the manifests, between min and max
 * replicas, on Resource metrics (cpu, memory) as Utilization: the ones the lab's HPA measures.
 */
export function resolveAutoscaler(
  { document, object }: Parsed<AutoscalerInput>,
  deploymentNames: ReadonlySet<string>,
  invalid: ReadonlySet<string>,
  problems: ProblemList,
): AutoscalerSpec {
  const { scaleTargetRef: target, minReplicas, maxReplicas } = object.spec;
  if (target.kind !== 'Deployment' || (target.apiVersion !== undefined && target.apiVersion !== 'apps/v1')) {
    problems.at(
      document,
      ['spec', 'scaleTargetRef'],
      `expected a Deployment (apps/v1), got ${[target.apiVersion, target.kind].filter(Boolean).join(' ')}`,
    );
  } else if (!deploymentNames.has(target.name) && !invalid.has(`Deployment/${target.name}`)) {
    problems.at(
      document,
      ['spec', 'scaleTargetRef', 'name'],
      `targets Deployment "${target.name}", which is not in the manifests (Deployments: ${[...deploymentNames].join(', ') || 'none'})`,
    );
  }
  if (minReplicas > maxReplicas) {
    problems.at(document, ['spec', 'minReplicas'], `${minReplicas} is above maxReplicas (${maxReplicas})`);
  }

  const metrics: AutoscalerSpec['metrics'] = [];
  object.spec.metrics.forEach((metric, index) => {
    const path = ['spec', 'metrics', index];
    const resource = metric.resource;
    if (metric.type !== 'Resource' || !resource) {
      problems.at(
        document,
        [...path, 'type'],
        `the lab's HPA scales on Resource metrics only, got ${JSON.stringify(metric.type)}`,
      );
    } else if (resource.name !== 'cpu' && resource.name !== 'memory') {
      problems.at(
        document,
        [...path, 'resource', 'name'],
        `expected cpu or memory, got ${JSON.stringify(resource.name)}`,
      );
    } else if (resource.target.type !== 'Utilization' || resource.target.averageUtilization === undefined) {
      problems.at(
        document,
        [...path, 'resource', 'target'],
        "the lab's HPA scales on type Utilization with averageUtilization only",
      );
    } else {
      metrics.push({ resource: resource.name, averageUtilization: resource.target.averageUtilization });
    }
  });

  return {
    name: object.metadata.name,
    source: { file: document.file, resource: `HorizontalPodAutoscaler/${object.metadata.name}` },
    target: target.name,
    minReplicas,
    maxReplicas,
    metrics: object.spec.metrics.length === 0 ? DEFAULT_METRICS.map((m) => ({ ...m })) : metrics,
    behavior: {
      scaleUp: rules('scaleUp', object.spec.behavior.scaleUp),
      scaleDown: rules('scaleDown', object.spec.behavior.scaleDown),
    },
  };
}
