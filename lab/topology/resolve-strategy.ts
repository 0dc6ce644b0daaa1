import type { ManifestDocument } from './manifest-document.js';
import type { RollingUpdateStrategy } from './model.js';
import type { ProblemList } from './problem-list.js';
import { resolveIntOrPercent } from './quantities.js';
import type { DeploymentInput } from './schemas.js';

const PATH = ['spec', 'strategy', 'rollingUpdate'] as const;

/**
 * maxSurge and maxUnavailable as pod counts, as the Deployment controller's ResolveFenceposts: surge
 * rounds up, unavailable rounds down, and when both come to 0 one pod may be unavailable. Recreate
 * stops every pod first, so all of them may be unavailable and none surge.
 */
export function resolveStrategy(
  document: ManifestDocument,
  spec: DeploymentInput['spec'],
  problems: ProblemList,
): RollingUpdateStrategy {
  const { replicas, strategy } = spec;
  if (strategy.type === 'Recreate') {
    if (strategy.rollingUpdate) {
      problems.at(document, PATH, 'must be absent when strategy.type is Recreate (Kubernetes rejects it)');
    }
    return { type: 'Recreate', maxSurge: 0, maxUnavailable: replicas };
  }
  const { maxSurge: surgeValue, maxUnavailable: unavailableValue } = strategy.rollingUpdate ?? {
    maxSurge: '25%',
    maxUnavailable: '25%',
  };
  if (typeof unavailableValue === 'string' && Number.parseInt(unavailableValue, 10) > 100) {
    problems.at(
      document,
      [...PATH, 'maxUnavailable'],
      `must not exceed 100%, got ${JSON.stringify(unavailableValue)}`,
    );
  }
  const isZero = (value: number | string) => value === 0 || value === '0%';
  if (isZero(surgeValue) && isZero(unavailableValue)) {
    problems.at(
      document,
      [...PATH, 'maxUnavailable'],
      'may not be 0 when maxSurge is 0: the rollout could never proceed',
    );
  }
  const maxSurge = resolveIntOrPercent(surgeValue, replicas, true);
  let maxUnavailable = resolveIntOrPercent(unavailableValue, replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { type: 'RollingUpdate', maxSurge, maxUnavailable };
}
