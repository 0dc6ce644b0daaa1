import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { updateLatestLink } from '../report/index.js';
import {
  compareReports,
  renderFidelityMarkdown,
  writeFidelity,
  type FidelityComparison,
} from '../report/fidelity/index.js';
import { newRunId } from '../runtime/shared/run-label.js';
import type { ProfileName, StartTopology } from '../runtime/topology.js';
import { runSuite, type SuiteOptions, type SuiteProgress, type SuiteResult } from './run-suite.js';

export interface ProfilesRunOptions extends Omit<
  SuiteOptions,
  'profile' | 'startTopology' | 'folder' | 'progress'
> {
  /** In the order to run them; two or more, each named once. */
  profiles: readonly { profile: ProfileName; startTopology: StartTopology }[];
  /** Relative difference above which figures differ (default 0.2). */
  threshold?: number;
  progress: ProfilesProgress;
}

export interface ProfilesProgress extends SuiteProgress {
  profileStarted(profile: ProfileName, index: number, total: number): void;
}

export interface ProfilesRunResult {
  runId: string;
  runDir: string;
  suites: { profile: ProfileName; result: SuiteResult }[];
  fidelity: FidelityComparison;
  /** fidelity.json, .md, .html written, and the writers of them that failed. */
  written: string[];
  failedWriters: { writer: string; error: Error }[];
}

/**
 * Where a multi-profile run puts things: one run folder, a full report folder per profile inside it
 * (the layout of a one-profile run), the fidelity files beside them, and `latest` at the run folder.
 */
export function profilesLayout(reportsDir: string, runId: string, profiles: readonly ProfileName[]) {
  const runDir = path.join(reportsDir, runId);
  return {
    runDir,
    suiteDirs: profiles.map((profile) => ({ profile, dir: path.join(runDir, profile) })),
    /** Each profile's report.json as fidelity.json records it: relative to the run folder. */
    sources: profiles.map((profile) => `${profile}/report.json`),
  };
}

/**
 * `lab run --profile local,k3s`: the whole suite once per profile, in the order given, under one run
 * id, then the fidelity comparison of their reports. Run one after the other, never at once: two
 * topologies on one machine would measure each other. An interrupted run still runs the remaining
 * suites, which mark every scenario not run at once, so every profile's folder exists.
 */
export async function runProfiles(options: ProfilesRunOptions): Promise<ProfilesRunResult> {
  const runId = newRunId();
  const { profiles, threshold, progress, ...suiteOptions } = options;
  const layout = profilesLayout(
    options.reportsDir,
    runId,
    profiles.map((p) => p.profile),
  );
  await mkdir(layout.runDir, { recursive: true });
  const suites: ProfilesRunResult['suites'] = [];
  for (const [index, { profile, startTopology }] of profiles.entries()) {
    progress.profileStarted(profile, index, profiles.length);
    const result = await runSuite({
      ...suiteOptions,
      profile,
      startTopology,
      progress,
      folder: { runId, runDir: layout.suiteDirs[index]!.dir },
    });
    suites.push({ profile, result });
  }

  const fidelity = compareReports(
    suites.map((s) => s.result.report),
    { ...(threshold !== undefined && { threshold }), sources: layout.sources },
  );
  const { written, failed } = await writeFidelity(fidelity, layout.runDir);
  await updateLatestLink(options.reportsDir, layout.runDir);
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (summary) await appendFile(summary, `${renderFidelityMarkdown(fidelity)}\n`);
  return { runId, runDir: layout.runDir, suites, fidelity, written, failedWriters: failed };
}
