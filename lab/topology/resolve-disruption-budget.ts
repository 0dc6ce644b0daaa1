import type { DisruptionBudgetSpec } from './model.js';
import type { Parsed } from './parse-objects.js';
import type { ProblemList } from './problem-list.js';
import type { DisruptionBudgetInput } from './schemas.js';

/** One PodDisruptionBudget: matchLabels, and at most one of minAvailable and maxUnavailable. */
export function resolveDisruptionBudget(
  { document, object }: Parsed<DisruptionBudgetInput>,
  problems: ProblemList,
): DisruptionBudgetSpec {
  const { selector, minAvailable, maxUnavailable } = object.spec;
  if (minAvailable !== undefined && maxUnavailable !== undefined) {
    problems.at(
      document,
      ['spec', 'maxUnavailable'],
      'set only one of minAvailable and maxUnavailable (Kubernetes rejects both)',
    );
  }
  if (selector.matchExpressions?.length) {
    problems.at(
      document,
      ['spec', 'selector', 'matchExpressions'],
      'is not supported by the lab; select pods with matchLabels',
    );
  }
  return {
    name: object.metadata.name,
    source: { file: document.file, resource: `PodDisruptionBudget/${object.metadata.name}` },
    selector: selector.matchLabels,
    ...(minAvailable !== undefined ? { minAvailable } : {}),
    ...(maxUnavailable !== undefined ? { maxUnavailable } : {}),
  };
}
