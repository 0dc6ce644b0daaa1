import type { z } from 'zod';
import { reportSchema, reportSchemaVersion, type Report } from './report-model.js';
import { ReportError } from './report-error.js';

/**
 * Checks a report read from a file against the model, and says which fields are wrong:
 * `<source> is not a valid lab report (schema version 1): scenarios[0].verdict: ...`. Throws a
 * ReportError (exit 2: the input is wrong); `source` names where the value came from.
 */
export function validateReport(value: unknown, source: string): Report {
  const result = checkReport(value, source);
  if ('problem' in result) throw new ReportError(result.problem);
  return result.report;
}

/** The same check, returning the problem instead of throwing (a report the lab built wrongly is its bug, exit 1). */
export function checkReport(value: unknown, source: string): { report: Report } | { problem: string } {
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version !== reportSchemaVersion)
    return {
      problem:
        `${source} has schemaVersion ${version}, but this lab reads schema version ${reportSchemaVersion}; ` +
        're-run the scenarios with this lab, or use the lab version that wrote it',
    };
  const parsed = reportSchema.safeParse(value);
  if (parsed.success) return { report: parsed.data };
  return {
    problem: `${source} is not a valid lab report (schema version ${reportSchemaVersion}): ${describeIssues(parsed.error)}`,
  };
}

/** `scenarios[0].slos[1].target: Invalid input: expected number, received string` per issue, at most 10. */
function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 10).map((issue) => `${fieldPath(issue.path)}: ${issue.message}`);
  const more = error.issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? `; and ${more} more problems` : '');
}

function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(the whole document)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}
