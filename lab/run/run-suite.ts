import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { renderMarkdown, updateLatestLink, writeReports } from '../report/index.js';
import { reportSchemaVersion, type Report, type ScenarioReport } from '../report/report-model.js';
import { newRunId } from '../runtime/shared/run-label.js';
import type { ProfileName } from '../runtime/topology.js';
import type { ResolvedScenario } from '../scenario/resolve-scenario.js';
import { notRunReport } from './not-run-report.js';
import { runEnvironment } from './run-environment.js';
import { runScenario, type ScenarioProgress, type ScenarioRunOptions } from './run-scenario.js';
import { overallVerdict } from './verdict.js';

export interface SuiteOptions {
  scenarios: readonly ResolvedScenario[];
  /** Runs go to <reportsDir>/<run-id>/, and <reportsDir>/latest points at the newest. */
  reportsDir: string;
  repoRoot: string;
  seed: number;
  generator?: ScenarioRunOptions['generator'];
  signal: AbortSignal;
  /** Which profile `startTopology` runs, for the report. */
  profile: ProfileName;
  startTopology: ScenarioRunOptions['startTopology'];
  progress: SuiteProgress;
  /**
   * The run's id and folder when a caller owns them (`lab run --profile local,k3s`: one run, a
   * subfolder per profile); then the suite leaves `latest` to that caller. Default: a new run id, and
   * <reportsDir>/<run-id>/ with `latest` pointing at it.
   */
  folder?: { runId: string; runDir: string };
}

export interface SuiteProgress extends ScenarioProgress {
  runStarted(run: { runId: string; runDir: string; seed: number }): void;
  scenarioStarted(scenario: ResolvedScenario, index: number, total: number): void;
  scenarioFinished(report: ScenarioReport): void;
}

export interface SuiteResult {
  report: Report;
  runDir: string;
  /** Report files written, and writers that failed (one failing never loses the others). */
  written: string[];
  failedWriters: { writer: string; error: Error }[];
  /** Errors that stopped a scenario, for the exit code (a setup error exits 2). */
  errors: Error[];
}

/**
 * `lab run`: every scenario in order, each on a fresh topology, then one report for the run
 * (report.json, .md, .html, junit.xml, logs/) and `latest` pointing at it; with GITHUB_STEP_SUMMARY
 * set, the Markdown report is appended to the job summary. An interrupted run stops after the scenario
 * in progress has torn down, and its report is still written, marked interrupted.
 */
export async function runSuite(options: SuiteOptions): Promise<SuiteResult> {
  const runId = options.folder?.runId ?? newRunId();
  const runDir = options.folder?.runDir ?? path.join(options.reportsDir, runId);
  await mkdir(runDir, { recursive: true });
  const startedAt = new Date();
  options.progress.runStarted({ runId, runDir, seed: options.seed });

  const scenarios: ScenarioReport[] = [];
  const implementations: Record<string, string> = {};
  const adjustments: string[] = [];
  const errors: Error[] = [];
  let stoppedBy: string | undefined;
  for (const [index, scenario] of options.scenarios.entries()) {
    if (options.signal.aborted) {
      scenarios.push(notRunReport(scenario, 'interrupted', 'not run: the run was interrupted before it'));
      continue;
    }
    if (stoppedBy) {
      scenarios.push(notRunReport(scenario, 'error', `not run: ${stoppedBy}`));
      continue;
    }
    options.progress.scenarioStarted(scenario, index, options.scenarios.length);
    const outcome = await runScenario({
      scenario,
      runId,
      runDir,
      repoRoot: options.repoRoot,
      seed: options.seed,
      ...(options.generator && { generator: options.generator }),
      signal: options.signal,
      startTopology: options.startTopology,
      progress: options.progress,
    });
    scenarios.push(outcome.report);
    Object.assign(implementations, outcome.implementations);
    adjustments.push(...outcome.adjustments);
    if (outcome.error) errors.push(outcome.error);
    if (outcome.setupFailed)
      stoppedBy = `the topology could not start for ${scenario.name} (${outcome.error?.message})`;
    options.progress.scenarioFinished(outcome.report);
  }

  const interrupted = options.signal.aborted;
  const report: Report = {
    schemaVersion: reportSchemaVersion,
    runId,
    profile: options.profile,
    seed: options.seed,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    verdict: interrupted ? 'interrupted' : overallVerdict(scenarios.map((s) => s.verdict)),
    interrupted,
    implementations,
    environment: runEnvironment(options.repoRoot, adjustments),
    scenarios,
  };
  const { written, failed } = await writeReports(report, runDir);
  if (!options.folder) await updateLatestLink(options.reportsDir, runDir);
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (summary) await appendFile(summary, `${renderMarkdown(report)}\n`);
  return { report, runDir, written, failedWriters: failed, errors };
}
