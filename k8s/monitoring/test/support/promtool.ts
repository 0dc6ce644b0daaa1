import { spawnSync } from 'node:child_process';
import { findTool } from '../../../../lab/testing/tool.js';

/** promtool ships with Prometheus; Debian's package is the one .ci/run installs. */
export const promtool = findTool('promtool', 'apt-get install prometheus');
if (promtool.skipReason) console.warn(promtool.skipReason);

export interface PromtoolRun {
  /** Exit status (null when promtool was killed by the timeout). */
  status: number | null;
  /** stdout and stderr together, as a person would read them in a terminal. */
  output: string;
  /** The command, for messages. */
  command: string;
}

/** Runs promtool in `cwd` (rule_files in a unit-test file resolve relative to it). */
export function runPromtool(args: string[], cwd: string): PromtoolRun {
  if (!promtool.path) throw new Error(`runPromtool called without promtool: ${promtool.skipReason}`);
  const run = spawnSync(promtool.path, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (run.error) throw run.error;
  return {
    status: run.status,
    output: `${run.stdout}${run.stderr}`.trim(),
    command: `promtool ${args.join(' ')}`,
  };
}

/** The message a failed expectation shows: the command, its exit status and everything it printed. */
export function describeRun(run: PromtoolRun): string {
  return `${run.command} exited ${run.status}:\n${run.output}`;
}
