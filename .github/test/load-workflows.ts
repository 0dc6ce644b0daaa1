import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const workflowsDir = join(repoRoot, '.github/workflows');

/** The parts of the GitHub Actions workflow schema the tests look at. */
export interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  'timeout-minutes'?: number;
}

export interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  uses?: string;
  'runs-on'?: string;
  'timeout-minutes'?: number;
  environment?: string | { name: string; url?: string };
  permissions?: Record<string, string> | string;
  strategy?: { matrix?: Record<string, unknown> };
  env?: Record<string, string>;
  steps?: Step[];
}

export interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string> | string;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

export interface LoadedWorkflow {
  file: string;
  text: string;
  /** YAML errors (syntax, duplicate keys); empty when the file parsed. */
  errors: string[];
  workflow: Workflow;
}

export function workflowFiles(): string[] {
  return readdirSync(workflowsDir)
    .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
    .sort();
}

export function loadWorkflow(file: string): LoadedWorkflow {
  const text = readFileSync(join(workflowsDir, file), 'utf8');
  const doc = parseDocument(text);
  return { file, text, errors: doc.errors.map((e) => e.message), workflow: doc.toJS() as Workflow };
}

export const needsOf = (job: Job): string[] =>
  job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];

export const stepsOf = (workflow: Workflow): Step[] =>
  Object.values(workflow.jobs).flatMap((j) => j.steps ?? []);

/** Every `run:` script in the workflow, with the job it belongs to. */
export const runScripts = (workflow: Workflow): { job: string; step: Step; run: string }[] =>
  Object.entries(workflow.jobs).flatMap(([job, j]) =>
    (j.steps ?? []).flatMap((step) => (step.run === undefined ? [] : [{ job, step, run: step.run }])),
  );

/** `npm run <script>` and `npm test` (= the `test` script) invoked anywhere in a workflow's scripts. */
export function npmScriptsCalled(workflow: Workflow): string[] {
  const names = new Set<string>();
  for (const { run } of runScripts(workflow)) {
    for (const match of run.matchAll(/\bnpm\s+run(?:-script)?\s+([\w:.-]+)/g)) names.add(match[1]!);
    if (/\bnpm\s+(?:test|t)\b/.test(run)) names.add('test');
  }
  return [...names].sort();
}
