import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runDataChecks, snapshotStock } from '../checks/index.js';
import { FaultLog } from '../faults/fault-log.js';
import { prepareShoppers, startLoad } from '../load/index.js';
import type { OrderAttempt, RequestRecord } from '../load/request-record.js';
import { checkSteadyState } from '../measure/index.js';
import type { CheckResult, ScenarioReport, SteadyStateResult } from '../report/report-model.js';
import { CleanupStack } from '../runtime/shared/cleanup-stack.js';
import { makeRunTempDir } from '../runtime/shared/run-label.js';
import type { StartedTopology, StartTopology, TopologyOptions } from '../runtime/topology.js';
import type { ResolvedScenario } from '../scenario/resolve-scenario.js';
import { Journal, type JournalListener } from './journal.js';
import { createLab } from './lab-handle.js';
import type { LabEvent } from './lab-event.js';
import { LoadSession } from './load-session.js';
import { measureScenario } from './measure-scenario.js';
import { InterruptedError, throwIfInterrupted, type RunContext } from './run-context.js';
import { topologyEnv } from './topology-env.js';
import { seededRandom } from './seeded-random.js';
import { decideVerdict } from './verdict.js';
import { NoRecoveryError } from './wait-for-recovery.js';

export interface ScenarioRunOptions {
  scenario: ResolvedScenario;
  runId: string;
  /** reports/<run-id>: logs go to <runDir>/logs/<scenario>. */
  runDir: string;
  repoRoot: string;
  seed: number;
  /** `--generator`, over the scenario's own choice. */
  generator?: 'auto' | 'built-in' | 'k6';
  /** Aborted on Ctrl-C/SIGTERM. */
  signal: AbortSignal;
  startTopology: StartTopology;
  progress: ScenarioProgress;
}

export interface ScenarioProgress {
  step: NonNullable<TopologyOptions['onProgress']>;
  /** The topology is ready: print storefront/api/control. */
  ready(urls: StartedTopology['urls']): void;
  line(text: string): void;
  journal: JournalListener;
}

export interface ScenarioOutcome {
  report: ScenarioReport;
  implementations: Record<string, string>;
  adjustments: string[];
  /** The error that stopped the scenario, if one did. */
  error?: Error;
  /** The topology could not be brought up: the next scenarios would fail the same way. */
  setupFailed: boolean;
}

const shopperCount = 20;
/** How long a live window is kept back from "now", so that requests in flight have finished (or failed). */
const inFlightMarginMs = 1000;

/**
 * One scenario, start to finish, Chaos Toolkit's way: a fresh topology, shoppers and the load, the
 * steady state BEFORE (the method is skipped when it does not hold: inconclusive), the method with its
 * timeout, leftover faults reverted, the rollback, the steady state AFTER, the load stopped, the data
 * checks, the measurements and the verdict. Teardown always runs, in reverse order, its errors gathered.
 */
export async function runScenario(options: ScenarioRunOptions): Promise<ScenarioOutcome> {
  const { scenario, signal, progress } = options;
  const random = seededRandom(options.seed);
  const topologyRandom = random.fork();
  const journal = new Journal(progress.journal);
  const faultLog = new FaultLog();
  const events: LabEvent[] = [];
  const cleanup = new CleanupStack();
  const startedAt = Date.now();
  const logsDir = path.join(options.runDir, 'logs', scenario.name);
  const { env, adjustments } = topologyEnv(scenario);
  const implementations: Record<string, string> = {};

  let t0 = startedAt;
  let session: LoadSession | undefined;
  let steadyBefore: SteadyStateResult | undefined;
  let steadyAfter: SteadyStateResult | undefined;
  let checks: CheckResult[] = [];
  let lostOrders: number | undefined;
  let loadResult: { records: RequestRecord[]; orders: OrderAttempt[] } | undefined;
  let endAt: number | undefined;
  let interrupted: string | undefined;
  let failure: Error | undefined;
  let topologyUp = false;
  const deviations: string[] = [];

  const stopLoad = async () => {
    if (!session) return;
    loadResult = await session.stop();
    endAt ??= Date.now();
  };
  const holdFor = async (ms: number) => {
    try {
      await sleep(ms, undefined, { signal });
    } catch {
      throw new InterruptedError('interrupted');
    }
  };
  // The window ends a second before "now": requests still in flight then are not recorded yet.
  const steadyState = async (when: 'before' | 'after') =>
    journal.activity(
      `steady-state hypothesis (${when})`,
      async () => {
        await holdFor(scenario.steadyState.windowMs + inFlightMarginMs);
        const endAt = Date.now() - inFlightMarginMs;
        return checkSteadyState(session!.records(), { when, endAt, spec: scenario.steadyState });
      },
      (result) => (result.holds ? 'holds' : 'does not hold'),
    );

  try {
    throwIfInterrupted(signal);
    const topology = await journal.activity('bring up the topology', () =>
      options.startTopology({
        repoRoot: options.repoRoot,
        // The run's id labels every process and temp dir of every scenario's topology (run-label.ts).
        runId: options.runId,
        logsDir,
        env,
        random: () => topologyRandom.next(),
        onProgress: progress.step,
        onEvent: (event) => {
          events.push(event);
          markAutoscaling(event, journal);
        },
      }),
    );
    cleanup.push('topology', () => topology.stop());
    topologyUp = true;
    progress.ready(topology.urls);
    Object.assign(implementations, topology.status().implementations);
    throwIfInterrupted(signal);

    const shoppers = await journal.activity(
      'prepare shoppers',
      () => prepareShoppers({ baseUrl: topology.urls.storefront, count: shopperCount, seed: options.seed }),
      (s) => `${s.users.length} shoppers, ${s.products.length} products`,
    );
    const initialStock = await snapshotStock(topology.database.primary.url);
    const workDir = await makeRunTempDir(options.runId, `load-${scenario.name}`);
    cleanup.push('load work dir', () => rm(workDir, { recursive: true, force: true }));

    const maxDurationMs =
      scenario.load.warmupMs + 2 * scenario.steadyState.windowMs + scenario.timeoutMs + 60_000;
    session = new LoadSession((rps) =>
      startLoad({
        baseUrl: topology.urls.storefront,
        shoppers,
        rps,
        journeys: scenario.load.journeys,
        seed: options.seed,
        generator: options.generator ?? scenario.load.generator,
        maxDurationMs,
        workDir,
        runId: options.runId,
      }),
    );
    cleanup.push('load', stopLoad);
    t0 = Date.now();
    await journal.activity(`start load (${scenario.load.rps} journeys/s)`, () =>
      session!.start(scenario.load.rps),
    );
    implementations.load = session.generator;
    progress.line(`load: ${scenario.load.rps} journeys/s from the ${session.generator}`);

    await journal.activity(`warm-up (${scenario.load.warmupMs} ms)`, () => holdFor(scenario.load.warmupMs));
    steadyBefore = await steadyState('before');
    const context: RunContext = {
      controller: topology,
      random,
      journal,
      faults: faultLog,
      load: session,
      scenario,
      t0,
      signal,
    };
    if (steadyBefore.holds) {
      // The method, then Chaos Toolkit's rollbacks whatever the method did: leftover faults reverted,
      // the scenario's own rollback. The first error (the method's, else a rollback's) ends the run.
      const errors: unknown[] = [];
      await journal
        .activity('method', () => runMethod(scenario, context))
        .catch((e: unknown) => errors.push(e));
      const revertErrors = await journal.activity('revert faults left in place', () => faultLog.revertAll());
      if (revertErrors.length > 0)
        errors.push(new AggregateError(revertErrors, 'faults could not be reverted'));
      if (scenario.rollback && !signal.aborted)
        await journal
          .activity('rollback', () => scenario.rollback!(createLab(context)))
          .catch((e: unknown) => errors.push(e));
      // A shop that did not recover is what the experiment is for: the run goes on and fails on it.
      const [first] = errors;
      if (first instanceof NoRecoveryError) deviations.push(first.message);
      else if (errors.length > 0) throw first;
      steadyAfter = await steadyState('after');
    }
    await journal.activity('stop load', stopLoad);

    if (faultLog.has('db-failover'))
      await journal.activity(
        're-clone the standby (after the failover)',
        () => topology.recloneStandby(),
        (r) => `standby ${r.standby}`,
      );
    const data = await journal.activity(
      'data checks',
      () =>
        runDataChecks({
          primaryUrl: topology.database.primary.url,
          orders: loadResult?.orders ?? [],
          initialStock,
          waitForStandbyCaughtUp: () => topology.database.waitForStandbyCaughtUp(),
          hasStandby: topology.database.standby !== undefined,
        }),
      (d) => `${d.checks.filter((c) => c.pass).length}/${d.checks.length} passed`,
    );
    checks = data.checks;
    lostOrders = data.lostOrders;
  } catch (error) {
    if (error instanceof InterruptedError || signal.aborted)
      interrupted = String(signal.reason ?? 'interrupted');
    else failure = error instanceof Error ? error : new Error(String(error));
  } finally {
    await stopLoad().catch((error: unknown) => {
      failure ??= error as Error;
    });
    await cleanup.run().catch((error: unknown) => {
      failure ??= new Error(`teardown failed: ${(error as Error).message}`, { cause: error });
    });
  }

  const records = loadResult?.records ?? [];
  const figures = measureScenario({
    scenario,
    records,
    faults: faultLog.entries,
    events,
    t0,
    endAt: endAt ?? Date.now(),
    ...(lostOrders !== undefined && { lostOrders }),
  });
  const { verdict, reason } = decideVerdict({
    ...(interrupted !== undefined && { interrupted }),
    ...(failure && { error: failure }),
    ...(steadyBefore && { steadyBefore }),
    ...(steadyAfter && { steadyAfter }),
    slos: figures.slos,
    checks,
    deviations,
  });
  const report: ScenarioReport = {
    name: scenario.name,
    description: scenario.description,
    hypothesis: scenario.hypothesis,
    runbook: scenario.runbook,
    file: scenario.file,
    verdict,
    reason,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: Date.now() - startedAt,
    load: {
      generator: session?.generator || 'not started',
      rps: scenario.load.rps,
      journeys: scenario.load.journeys,
    },
    slos: figures.slos,
    results: figures.results,
    phases: figures.phases,
    faults: figures.faults,
    checks,
    steadyState: [steadyBefore, steadyAfter].filter((s): s is SteadyStateResult => s !== undefined),
    marks: journal.markList(t0),
    journal: journal.entries(t0),
    timeline: figures.timeline,
    logs: await logFiles(options.runDir, logsDir),
    ...(failure && { error: failure.message }),
  };
  return {
    report,
    implementations,
    adjustments,
    setupFailed: failure !== undefined && !topologyUp,
    ...(failure && { error: failure }),
  };
}

/** The method, bounded by the scenario's timeout and by Ctrl-C; what it leaves running is abandoned. */
async function runMethod(scenario: ResolvedScenario, context: RunContext): Promise<void> {
  const methodOver = new AbortController();
  const signal = AbortSignal.any([context.signal, methodOver.signal]);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      methodOver.abort('timeout');
      reject(new Error(`the method ran past its timeoutMs (${scenario.timeoutMs} ms)`));
    }, scenario.timeoutMs);
  });
  const interrupted = new Promise<never>((_, reject) => {
    const onAbort = () => reject(new InterruptedError('interrupted during the method'));
    if (context.signal.aborted) onAbort();
    else context.signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([scenario.run(createLab({ ...context, signal })), timedOut, interrupted]);
  } finally {
    clearTimeout(timer);
    // A method still running (after a timeout) finds every further Lab call refused.
    methodOver.abort('method over');
  }
}

async function logFiles(runDir: string, logsDir: string): Promise<string[]> {
  const names = await readdir(logsDir).catch(() => [] as string[]);
  return names.sort().map((name) => path.relative(runDir, path.join(logsDir, name)));
}

/**
 * An HPA decision becomes a mark on the report's timeline, so a reader sees when replicas were added or
 * removed next to the latency they answered (the autoscaler's events carry `autoscaler`; a Deployment's
 * own `scaled` events repeat the same change and are left out).
 */
function markAutoscaling(event: LabEvent, journal: Journal): void {
  if (event.type !== 'scaled' || typeof event.autoscaler !== 'string') return;
  const { target, from, to } = event as LabEvent & { target: string; from: number; to: number };
  journal.mark(`HPA ${event.autoscaler}: ${target} ${from} → ${to} replicas`, event.at);
}
