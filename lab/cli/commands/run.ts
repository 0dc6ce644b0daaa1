import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import { handleDownRequestsWith } from '../../control/down-requests.js';
import type { Report } from '../../report/report-model.js';
import { newSeed } from '../../run/seeded-random.js';
import { renderFidelityText } from '../../report/fidelity/index.js';
import { runProfiles, type ProfilesRunResult } from '../../run/run-profiles.js';
import { runSuite, type SuiteProgress, type SuiteResult } from '../../run/run-suite.js';
import { checkProfile, loadProfile } from '../../runtime/profiles.js';
import { profileNames, type ProfileName, type StartTopology } from '../../runtime/topology.js';
import { selectScenarios } from '../../scenario/load-scenarios.js';
import { classifyError, SetupError } from '../errors.js';
import { ExitCode, worstExitCode } from '../exit-codes.js';
import { forceExit } from '../force-stop.js';
import { isInteractive } from '../output/interactive.js';
import { createTerminalView, type TerminalView } from '../output/terminal-view.js';
import { ShutdownSignals } from '../shutdown-signals.js';
import { scenarioSummary, verdictMark } from '../../run/scenario-summary.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** A path as the user would type it from here: relative inside the working directory, else absolute. */
const shownPath = (file: string) => {
  const relative = path.relative(process.cwd(), file);
  return relative === '' ? '.' : relative.startsWith('..') ? file : relative;
};

interface RunOptions {
  /** In the order given; two or more make a fidelity comparison. */
  profile: ProfileName[];
  nodeImage?: string;
  reportDir: string;
  seed?: number;
  generator?: 'auto' | 'built-in' | 'k6';
}

/**
 * `lab run [scenario...]`: each scenario on a fresh topology, measured, then one report folder for the
 * run. Exit codes (exit-codes.ts): 0 every scenario passed; 1 an SLO or check failed, or a scenario
 * could not run; 3 inconclusive (a starting steady state did not hold); 2 a usage or setup error
 * (unknown scenario, invalid scenario file, no Docker for --profile k3s); 130 interrupted (the report is still written).
 *
 * `--profile local,k3s` runs the whole suite once per profile, in that order, into
 * <run-id>/<profile>/, then compares them in <run-id>/fidelity.{json,md,html}; the exit code is the
 * worst of the suites' (the same precedence as for one suite).
 */
export function runCommand(): Command {
  return new Command('run')
    .description(
      'run chaos scenarios (all of scenarios/ when none is named), each on a fresh topology, and write reports',
    )
    .argument('[scenario...]', 'scenario names (see `lab list`) or paths of scenario files')
    .addOption(
      new Option(
        '--profile <names>',
        `how to run the topology: ${profileNames.join(' or ')}; a comma list (local,k3s) runs the suite on each and compares them`,
      )
        .argParser(profileList)
        .default(['local'], 'local'),
    )
    .option(
      '--node-image <image>',
      "k3s profile: the node image (default: the lab's own Kubernetes v1.34.2 node, built when missing; rancher/k3s:<version> where it can be pulled)",
    )
    .option('--report-dir <dir>', 'where run folders go (<dir>/<run-id>/, <dir>/latest)', 'reports')
    .option(
      '--seed <n>',
      'seed of every random choice (victims, journeys); the report gives it, to repeat a run',
      seed,
    )
    .addOption(
      new Option(
        '--generator <impl>',
        "load generator, over each scenario's own choice (auto: k6 when on PATH)",
      ).choices(['auto', 'built-in', 'k6']),
    )
    .action(async (names: string[], options: RunOptions) => {
      process.exitCode = await run(names, options);
    });
}

/** `local`, or `local,k3s`: known profiles, each once, in the order they are to run. */
function profileList(value: string): ProfileName[] {
  const names = value.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(profileNames as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new InvalidArgumentError(
      `unknown profile ${unknown.map((n) => `"${n}"`).join(', ')}; profiles are ${profileNames.join(', ')} (a comma list runs several, e.g. local,k3s).`,
    );
  const twice = names.filter((name, i) => names.indexOf(name) !== i);
  if (twice.length > 0)
    throw new InvalidArgumentError(
      `${twice.join(', ')} is named twice; name each profile once, e.g. local,k3s.`,
    );
  return names as ProfileName[];
}

function seed(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1)
    throw new InvalidArgumentError(`expected a whole number from 0 to ${2 ** 31 - 1}, e.g. 42.`);
  return n;
}

async function run(names: string[], options: RunOptions): Promise<number> {
  const scenarios = await selectScenarios(names, {
    scenariosDir: path.join(repoRoot, 'scenarios'),
    cwd: process.cwd(),
  });
  if (scenarios.length === 0) throw new SetupError(`no scenarios to run: scenarios/ has no scenario files`);
  // Every profile is loaded (and with several, checked) before anything starts, so the run fails at
  // once rather than after the first profile's suite.
  const profiles: { profile: ProfileName; startTopology: StartTopology }[] = [];
  for (const profile of options.profile) {
    if (options.profile.length > 1) await checkProfile(profile);
    const startTopology = await loadProfile(profile);
    profiles.push({
      profile,
      startTopology: options.nodeImage
        ? (topologyOptions) => startTopology({ ...topologyOptions, nodeImage: options.nodeImage! })
        : startTopology,
    });
  }

  const view = createTerminalView(process.stderr, isInteractive(process.stderr));
  const stop = new AbortController();
  const shutdown = new ShutdownSignals({
    say: (line) => view.print(line),
    force: () => {
      view.close();
      forceExit((line) => process.stderr.write(`${line}\n`));
    },
  }).install();
  void shutdown.requested.then((reason) => {
    view.print(`stopping (${reason}): the load stops, the topology is torn down, the report is written`);
    stop.abort(reason);
  });
  const stopRoutingDown = handleDownRequestsWith(() => shutdown.request('lab down'));
  // A bug in a part must not kill the process and orphan the pods: stop as on Ctrl-C, and exit 1.
  let crashed: unknown;
  const onCrash = (error: unknown) => {
    crashed ??= error;
    view.print(`error: ${error instanceof Error ? error.message : String(error)}`);
    shutdown.request('unexpected error');
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  try {
    const common = {
      scenarios,
      reportsDir: path.resolve(options.reportDir),
      repoRoot,
      seed: options.seed ?? newSeed(),
      ...(options.generator && { generator: options.generator }),
      signal: stop.signal,
    };
    let code: number;
    if (profiles.length === 1) {
      const result = await runSuite({ ...common, ...profiles[0]!, progress: progress(view) });
      view.close();
      printSummary(result);
      code = exitCode(result);
    } else {
      const result = await runProfiles({
        ...common,
        profiles,
        progress: {
          ...progress(view),
          profileStarted: (profile, index, total) => {
            view.settle();
            view.print(`■ profile ${profile} (${index + 1}/${total})`);
          },
        },
      });
      view.close();
      printProfilesSummary(result);
      code = worstExitCode([
        ...result.suites.map((s) => exitCode(s.result)),
        result.failedWriters.length > 0 ? ExitCode.Failed : ExitCode.Ok,
      ]);
    }
    if (crashed !== undefined) return ExitCode.Failed;
    return code;
  } finally {
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    view.close();
    stopRoutingDown();
    shutdown.uninstall();
  }
}

function progress(view: TerminalView): SuiteProgress {
  return {
    runStarted: ({ runId, runDir, seed }) =>
      view.print(`run ${runId} · seed ${seed} (--seed ${seed} repeats it) · reports in ${shownPath(runDir)}`),
    scenarioStarted: (scenario, index, total) => {
      view.settle();
      view.print(`▶ ${scenario.name} (${index + 1}/${total}): ${scenario.description}`);
    },
    step: (step) => view.step(step),
    ready: (urls) => {
      view.settle();
      for (const name of ['storefront', 'api', 'control'] as const)
        view.print(`${name}: ${urls[name]}`, process.stdout);
    },
    line: (text) => view.print(`  ${text}`),
    journal: (record, phase) =>
      view.step({
        name: record.activity,
        state: phase === 'start' ? 'start' : record.status === 'succeeded' ? 'done' : 'fail',
        ...(phase === 'end' && record.output !== undefined && { detail: record.output }),
      }),
    scenarioFinished: (report) => {
      view.settle();
      view.print(`${verdictMark(report.verdict)} ${report.name}: ${report.verdict} (${report.reason})`);
    },
  };
}

const out = (line: string) => process.stdout.write(`${line}\n`);

function printSummary(result: SuiteResult): void {
  out('');
  for (const scenario of result.report.scenarios) out(scenarioSummary(scenario));
  out(`verdict: ${result.report.verdict}`);
  out(
    `report: ${path.join(shownPath(result.runDir), 'report.html')} (also report.json, report.md, junit.xml, logs/)`,
  );
  for (const { writer, error } of result.failedWriters)
    out(`report writer ${writer} failed: ${error.message}`);
}

/** Per profile the summary `lab run` prints for one, then the fidelity table and where its files are. */
function printProfilesSummary(result: ProfilesRunResult): void {
  for (const { profile, result: suite } of result.suites) {
    out('');
    out(`profile ${profile}:`);
    printSummary(suite);
  }
  out('');
  process.stdout.write(renderFidelityText(result.fidelity));
  out(`fidelity: ${path.join(shownPath(result.runDir), 'fidelity.html')} (also fidelity.json, fidelity.md)`);
  for (const { writer, error } of result.failedWriters)
    out(`fidelity writer ${writer} failed: ${error.message}`);
}

/** The exit code of a finished run: interrupted, then setup errors, then failures, then inconclusive. */
function exitCode(result: SuiteResult): number {
  const { report, errors, failedWriters } = result;
  if (report.interrupted) return ExitCode.Interrupted;
  if (errors.some((e) => classifyError(e).exitCode === ExitCode.UsageOrSetup)) return ExitCode.UsageOrSetup;
  const verdicts = new Set<Report['verdict']>(report.scenarios.map((s) => s.verdict));
  if (verdicts.has('fail') || verdicts.has('error') || failedWriters.length > 0) return ExitCode.Failed;
  if (verdicts.has('inconclusive')) return ExitCode.Inconclusive;
  return ExitCode.Ok;
}
