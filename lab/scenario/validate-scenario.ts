import type { z } from 'zod';
import { loadSchema, scenarioSchema, shown, sloSchema, steadyStateSchema } from './scenario-schema.js';
import type { ScenarioDefinition } from './scenario-types.js';

/** One thing wrong with a scenario: where (file and field) and what is allowed. */
export interface ScenarioProblem {
  file: string;
  /** Dotted path of the field (`slo.availability`, `runbook[1]`); empty for the file as a whole. */
  field: string;
  message: string;
}

export type ValidationResult =
  { ok: true; scenario: ScenarioDefinition } | { ok: false; problems: ScenarioProblem[] };

/** `scenarios/pod-kill.ts: slo.availability: must be a fraction between 0 and 1, got 99.9` */
export function formatProblem(problem: ScenarioProblem): string {
  return [problem.file, problem.field, problem.message].filter(Boolean).join(': ');
}

/** The fields each strict object allows, by path, to name them when a field is not one of them. */
const fieldsAt: Record<string, readonly string[]> = {
  '': Object.keys(scenarioSchema.shape),
  slo: Object.keys(sloSchema.shape),
  load: Object.keys(loadSchema.shape),
  steadyState: Object.keys(steadyStateSchema.shape),
};

/**
 * Checks a scenario file's default export and returns EVERY problem at once (zod does not stop at the
 * first), each naming the file and the field, so an author fixes them in one pass.
 */
export function validateScenario(value: unknown, file: string): ValidationResult {
  const parsed = scenarioSchema.safeParse(value, { error: fallbackMessage });
  if (parsed.success) return { ok: true, scenario: value as ScenarioDefinition };
  return { ok: false, problems: parsed.error.issues.flatMap((issue) => toProblems(issue, file)) };
}

function toProblems(issue: z.core.$ZodIssue, file: string): ScenarioProblem[] {
  const field = fieldPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const allowed = fieldsAt[field];
    return issue.keys.map((key) => ({
      file,
      field: field ? `${field}.${key}` : key,
      message: `is not a field here${allowed ? `; the fields are ${allowed.join(', ')}` : ''}`,
    }));
  }
  return [{ file, field, message: issue.message }];
}

/** Words the few issues the schema does not word itself (zod's defaults are terser than ours). */
function fallbackMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_type') return undefined;
  if (issue.input === undefined) return `is required (${issue.expected})`;
  return `must be ${issue.expected === 'record' ? 'an object' : issue.expected}, got ${shown(issue.input)}`;
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((joined, key) => {
    if (typeof key === 'number') return `${joined}[${key}]`;
    return joined ? `${joined}.${String(key)}` : String(key);
  }, '');
}
