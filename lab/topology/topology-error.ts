/**
 * What is wrong with the manifests, gathered so that one run names every problem at once (file, line,
 * resource, field), as k6 validates a whole config before it starts (STYLE.md, "Errors").
 */
export interface TopologyProblem {
  /** Path relative to the repository root, e.g. `k8s/base/backend/deployment.yaml`. */
  file: string;
  /** 1-based line in `file` of the field (or of its closest parent that exists). */
  line?: number;
  /** `Kind/name`, e.g. `Deployment/backend`. */
  resource?: string;
  /** Dotted path inside the object, e.g. `spec.template.spec.containers[0].readinessProbe.periodSeconds`. */
  field?: string;
  /** What is wrong and what would be right. */
  message: string;
  /** How to fix it, where there is more to say than the message, e.g. where the convention is documented. */
  hint?: string;
}

/** One line per problem: `file:line Kind/name field: message (hint)`. */
export function formatProblem(problem: TopologyProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  const subject = [where, problem.resource, problem.field].filter(Boolean).join(' ');
  const hint = problem.hint ? ` (${problem.hint})` : '';
  return `${subject}: ${problem.message}${hint}`;
}

/** Thrown by loadTopology when the manifests cannot be run; `problems` holds every one found. */
export class TopologyError extends Error {
  override readonly name = 'TopologyError';

  constructor(readonly problems: readonly TopologyProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`The lab cannot run the k8s/ manifests (${count}):\n${problems.map(formatProblem).join('\n')}`);
  }
}
