import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { handleDownRequestsWith } from '../../control/down-requests.js';
import type { LabStatus } from '../../control/lab-controller.js';
import { loadProfile } from '../../runtime/profiles.js';
import type { ProfileName, StartedTopology } from '../../runtime/topology.js';
import { ExitCode } from '../exit-codes.js';
import { forceExit } from '../force-stop.js';
import { seconds, wholeNumber } from '../options.js';
import { isInteractive } from '../output/interactive.js';
import { formatStatusLine } from '../output/status-line.js';
import { createTerminalView, type ProgressStep, type TerminalView } from '../output/terminal-view.js';
import { ShutdownSignals } from '../shutdown-signals.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const statusRefreshMs = 1000;

interface UpOptions {
  profile: ProfileName;
  nodeImage?: string;
  toxiproxy: 'auto' | 'embedded' | 'real';
  asyncReplication?: boolean;
  failoverDelay?: number;
  port: number;
  manifests: string;
}

/**
 * `lab up`: bring the topology up, print `storefront: URL`, `api: URL`, `control: URL` (one line each,
 * on stdout: tools parse them), keep a live status line, and tear everything down on Ctrl-C, SIGTERM or
 * `lab down`. Exit 0 after a clean stop the user asked for (SIGTERM included: a service manager stopping
 * the lab is a clean stop too); 130 when stopped before the lab was up or forced by a third Ctrl-C; 1
 * when teardown failed or an uncaught error forced the teardown; 2 for setup errors (from the topology).
 */
export function upCommand(): Command {
  return new Command('up')
    .description("bring the shop's production topology up and keep it running until Ctrl-C")
    .addOption(
      new Option('--profile <name>', 'how to run the topology').choices(['local', 'k3s']).default('local'),
    )
    .addOption(
      new Option(
        '--toxiproxy <impl>',
        'toxiproxy-server from PATH (real), the built-in one (embedded), or real when found (auto)',
      )
        .choices(['auto', 'embedded', 'real'])
        .default('auto'),
    )
    .option(
      '--node-image <image>',
      "k3s profile: the node image (default: the lab's own Kubernetes v1.34.2 node, built when missing; rancher/k3s:<version> where it can be pulled)",
    )
    .option(
      '--async-replication',
      'replicate to the standby asynchronously (default: synchronously, no data loss)',
    )
    .option(
      '--failover-delay <seconds>',
      'how long the primary must be down before the standby is promoted',
      seconds(600),
    )
    .option(
      '--port <port>',
      'serve the shop (the ingress) on this port of 127.0.0.1',
      wholeNumber('port', 0, 65535),
      0,
    )
    .option('--manifests <dir>', 'the Kubernetes manifests to run, relative to the repository root', 'k8s')
    .action(async (options: UpOptions) => {
      process.exitCode = await up(options);
    });
}

async function up(options: UpOptions): Promise<number> {
  const view = createTerminalView(process.stderr, isInteractive(process.stderr));
  const shutdown = new ShutdownSignals({
    say: (line) => view.print(line),
    force: () => {
      view.close();
      forceExit((line) => process.stderr.write(`${line}\n`));
    },
  }).install();
  const stopRoutingDown = handleDownRequestsWith(() => shutdown.request('lab down'));
  // An exception nobody caught (a bug in a runtime part) must not kill the process and orphan the pods:
  // say what it was, tear down as on Ctrl-C, and exit 1.
  let crashed = false;
  const onCrash = (error: unknown) => {
    crashed = true;
    view.print(`error: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.LAB_DEBUG === '1') view.print(String((error as Error)?.stack ?? error));
    shutdown.request('unexpected error');
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  let up = false;
  void shutdown.requested.then(() => {
    if (!up) view.print('stopping as soon as the step in progress ends (Ctrl-C twice more forces)');
  });
  try {
    const startTopology = await loadProfile(options.profile);
    const topology: StartedTopology = await startTopology({
      repoRoot,
      manifestsDir: options.manifests,
      ingressPort: options.port,
      toxiproxy: options.toxiproxy,
      ...(options.nodeImage !== undefined && { nodeImage: options.nodeImage }),
      database: {
        synchronous: !options.asyncReplication,
        ...(options.failoverDelay !== undefined && {
          failoverDetectionMs: Math.round(options.failoverDelay * 1000),
        }),
      },
      onProgress: (step: ProgressStep) => view.step(step),
    });
    up = true;
    if (shutdown.isStopping) {
      await stop(topology, view, 'interrupted during bring-up');
      return ExitCode.Interrupted;
    }
    view.settle();
    for (const name of ['storefront', 'api', 'control'] as const)
      view.print(`${name}: ${topology.urls[name]}`, process.stdout);
    view.print(
      `run ${topology.runId} · logs in ${topology.logsDir} · Ctrl-C or \`npm run lab -- down\` stops it`,
    );
    const refresh = () => view.status(statusLine(topology));
    refresh();
    const timer = setInterval(refresh, statusRefreshMs);
    const reason = await shutdown.requested;
    clearInterval(timer);
    await stop(topology, view, reason);
    return crashed ? ExitCode.Failed : ExitCode.Ok;
  } finally {
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    view.close();
    stopRoutingDown();
    shutdown.uninstall();
  }
}

/** Tears the lab down with its progress shown, then says on stdout what was stopped. */
async function stop(topology: StartedTopology, view: TerminalView, reason: string): Promise<void> {
  const before = statusOrUndefined(topology);
  const started = Date.now();
  view.status('');
  view.print(`stopping lab ${topology.runId} (${reason})...`);
  await topology.stop();
  view.settle();
  const took = ((Date.now() - started) / 1000).toFixed(1);
  view.print(
    `stopped lab ${topology.runId}${before ? ` (${describe(before)})` : ''} in ${took} s`,
    process.stdout,
  );
}

function statusLine(topology: StartedTopology): string {
  try {
    return formatStatusLine(topology.status());
  } catch (error) {
    return `status unavailable: ${(error as Error).message}`;
  }
}

function statusOrUndefined(topology: StartedTopology): LabStatus | undefined {
  try {
    return topology.status();
  } catch {
    return undefined;
  }
}

/** `backend: 3 pods, frontend: 3 pods, database: postgres-0, postgres-1` */
function describe(status: LabStatus): string {
  const pods = status.deployments.map((d) => `${d.name}: ${d.pods.length} pods`);
  const nodes = [status.database.primary, status.database.standby].flatMap((n) => (n ? [n.name] : []));
  return [...pods, `database: ${nodes.join(', ')}`].join(', ');
}
