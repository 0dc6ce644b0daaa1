/**
 * What chaos.yml does with a lab run's reports, kept out of the YAML so it is tested:
 *
 *   tsx .github/scripts/chaos-report.ts summary REPORT_DIR EXIT_CODE PROFILE   → Markdown for the job summary
 *   tsx .github/scripts/chaos-report.ts compare BASELINE_DIR REPORT_DIR LABEL  → Markdown diff against main
 *   tsx .github/scripts/chaos-report.ts verdict EXIT_CODE                      → exit 0 only when the lab passed
 *
 * Every verb prints to stdout; the workflow appends that to $GITHUB_STEP_SUMMARY.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { explainLabExit, parseExitCode } from './lab-exit-codes.js';
import { findLatestReportFile } from './lab-report-files.js';
import { readResilience, resilienceDiffMarkdown } from './resilience-diff.js';

/** GitHub refuses a step summary over 1 MiB; leave room for the heading and the comparison. */
export const SUMMARY_LIMIT_CHARS = 900_000;

export function summaryMarkdown(
  reportDir: string,
  exitCodeText: string | undefined,
  profile: string,
): string {
  const code = parseExitCode(exitCodeText);
  const mark = code === 0 ? '✅' : '❌';
  const heading = `## ${mark} Chaos scenarios, profile \`${profile}\`: ${explainLabExit(code)}\n\n`;
  const reportPath = findLatestReportFile(reportDir, 'report.md');
  if (!reportPath) {
    return `${heading}No report.md was written under \`${reportDir}\`; the run's log above says why.\n`;
  }
  let report = readFileSync(reportPath, 'utf8');
  if (report.length > SUMMARY_LIMIT_CHARS) {
    report = `${report.slice(0, SUMMARY_LIMIT_CHARS)}\n\n… cut to fit the job summary; the full report is in the artifact.\n`;
  }
  return `${heading}${report.endsWith('\n') ? report : `${report}\n`}`;
}

export function compareMarkdown(baselineDir: string, reportDir: string, label: string): string {
  const title = `Resilience compared with ${label}`;
  const headPath = findLatestReportFile(reportDir, 'report.json');
  if (!headPath) return `### ${title}\n\nThis run wrote no report.json, so there is nothing to compare.\n`;
  const basePath = findLatestReportFile(baselineDir, 'report.json');
  if (!basePath) {
    return `### ${title}\n\nNo report from main to compare with yet: the next chaos run on main creates one.\n`;
  }
  const read = (path: string) => readResilience(JSON.parse(readFileSync(path, 'utf8')) as unknown, path);
  return resilienceDiffMarkdown(read(basePath), read(headPath), title);
}

/** Returns the process exit code: 0 when the lab passed, 1 otherwise (with a GitHub error annotation). */
export function verdict(exitCodeText: string | undefined, print: (line: string) => void): number {
  const code = parseExitCode(exitCodeText);
  if (code === 0) {
    print(`chaos: ${explainLabExit(code)}`);
    return 0;
  }
  print(
    `::error title=chaos scenarios::lab run ${explainLabExit(code)}; see the job summary and the report artifact`,
  );
  return 1;
}

const USAGE =
  'usage: chaos-report.ts summary REPORT_DIR EXIT_CODE PROFILE | compare BASELINE_DIR REPORT_DIR LABEL | verdict EXIT_CODE';

function main(argv: string[]): number {
  const [verb, ...args] = argv;
  const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  if (verb === 'summary' && args.length === 3) {
    out(summaryMarkdown(args[0]!, args[1], args[2]!));
    return 0;
  }
  if (verb === 'compare' && args.length === 3) {
    out(compareMarkdown(args[0]!, args[1]!, args[2]!));
    return 0;
  }
  if (verb === 'verdict' && args.length <= 1) return verdict(args[0], out);
  process.stderr.write(`${USAGE}\n(got: ${argv.join(' ') || 'no arguments'})\n`);
  return 2;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = main(process.argv.slice(2));
}
