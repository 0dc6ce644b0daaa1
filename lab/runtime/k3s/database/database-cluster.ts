import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { DatabaseStatus, FailoverResult } from '../../../control/lab-controller.js';
import type { TopologyEvent } from '../../topology.js';
import {
  readStandbys,
  withClient,
  type AppCredentials,
  type StandbyReplication,
} from '../../local/database/admin-sql.js';
import { superuser } from '../../local/database/postgres-config.js';
import {
  assertPrimaryRuns,
  nodeInfo,
  otherNode,
  primaryNode,
  sleep,
  type ClusterState,
} from './cluster-state.js';
import type { ContainerDatabaseNode, NodeContext } from './container-node.js';
import { assertFailoverPossible, failover, promoteStandby, recloneStandby } from './failover-operations.js';
import type { LabNetwork } from './lab-container.js';
import { waitForStandbyCaughtUp } from './replication-waits.js';
import { bringUpNodes } from './start-cluster.js';
import { configureTestcontainers } from '../docker/testcontainers-env.js';

/**
 * The k3s profile's PostgreSQL: a primary (`postgres-0`) and a hot standby (`postgres-1`) in containers
 * beside the Kubernetes node, on the lab's Docker network, with streaming replication through a physical
 * slot, synchronous by default (a commit returns once the standby has flushed it: RPO 0), as RDS Multi-AZ
 * runs it. The same operations and status shape as the local profile's cluster
 * (lab/runtime/local/database/database-cluster.ts): kill the primary's container as a lost AZ, promote,
 * fail over (refused, changing nothing, unless a standby streams), re-clone a fresh standby container.
 *
 * This file is the handle: it runs one operation at a time and removes everything on stop(). The jobs
 * are in their own files: start-cluster.ts, failover-operations.ts, replication-waits.ts; a node's
 * container in container-node.ts and postgres-container.ts.
 */
export interface ContainerDatabaseOptions {
  runId: string;
  /** The lab's Docker network (a StartedNetwork or its name); nodes join it as `postgres-0`/`postgres-1`. */
  network: LabNetwork;
  /** The PostgreSQL image (lab/runtime/k3s/images/postgres), by tag. */
  image: string;
  /** The app's login and database (the lab takes them from the lab Secret's DATABASE_URL). */
  credentials: AppCredentials;
  /** Commits wait for the standby (RPO 0). Default true; false: asynchronous replication. */
  synchronous?: boolean;
  /** Each node's containers log to `<logsDir>/<node>.log`, with lines saying what the lab did to it. */
  logsDir?: string;
  onEvent?: (event: TopologyEvent) => void;
  /** Per container start, until it answers a query (default 60 s). */
  startTimeoutMs?: number;
  /** How often status() refreshes the standby's replay lag (default 1000 ms; 0: never). */
  statusPollMs?: number;
}

export interface ReplicationState {
  primary: string;
  /** The standby as the primary sees it (pg_stat_replication); null when none is connected. */
  standby: StandbyReplication | null;
}

/** Where clients should go after a failover: the promoted node on the lab's network. */
export interface RepointTarget {
  node: string;
  /** The node's network alias and port (`postgres-1`, 5432): toxiproxy's new upstream. */
  host: string;
  port: number;
  /** `host:port`. */
  address: string;
}

export interface FailoverOptions {
  /** How long the failure goes unnoticed before the standby is promoted (RDS: tens of seconds). */
  detectionDelayMs: number;
  /** Points clients at the new primary (the lab re-points its toxiproxy proxy, as RDS flips its DNS name). */
  repoint: (target: RepointTarget) => Promise<void> | void;
}

export interface StartedContainerDatabase {
  /** The node that is primary (or was, while it is down and nobody has been promoted yet). */
  readonly primary: ContainerDatabaseNode;
  /** The running hot standby, if there is one. */
  readonly standby: ContainerDatabaseNode | undefined;
  /** Milliseconds startContainerDatabase took until replication was streaming. */
  readonly startupMs: number;
  killPrimary(): Promise<{ node: string; killedAt: string }>;
  promoteStandby(): Promise<{ node: string; promotedAt: string }>;
  /**
   * Rejects, saying what to do instead, when a failover cannot keep the data now (no running standby, or
   * it does not stream from the primary); failover() runs the same check first and changes nothing then.
   */
  checkFailoverPossible(): Promise<void>;
  /** Checks first (a standby streams), then kills the primary, waits, promotes and re-points. */
  failover(options: FailoverOptions): Promise<FailoverResult>;
  /** Replaces the node that is not primary with a fresh standby container streaming from the primary. */
  recloneStandby(): Promise<ContainerDatabaseNode>;
  replicationState(): Promise<ReplicationState>;
  /** Resolves once the standby has replayed everything the primary had written when called. */
  waitForStandbyCaughtUp(timeoutMs?: number): Promise<void>;
  /** `synchronous`: whether commits wait for a standby right now (false after a failover until re-clone). */
  status(): Omit<DatabaseStatus, 'proxy'>;
  /** Removes every container of the cluster with its data; idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export type { ContainerDatabaseNode } from './container-node.js';

const randomPassword = () => randomBytes(18).toString('base64url');

export async function startContainerDatabase(
  options: ContainerDatabaseOptions,
): Promise<StartedContainerDatabase> {
  configureTestcontainers();
  const began = performance.now();
  if (options.logsDir) await mkdir(options.logsDir, { recursive: true });
  const { credentials } = options;
  const context: NodeContext = {
    runId: options.runId,
    network: options.network,
    image: options.image,
    database: credentials.database,
    // An app user named `postgres` is the superuser itself: then it keeps the app's password.
    superuserPassword: credentials.user === superuser ? credentials.password : randomPassword(),
    replicationPassword: randomPassword(),
    logsDir: options.logsDir,
    startTimeoutMs: options.startTimeoutMs ?? 60_000,
    emit: (event) => options.onEvent?.({ ...event, at: Date.now() }),
  };
  const cluster = new ContainerDatabase(options, context);
  try {
    await cluster.bringUp();
  } catch (error) {
    await cluster.stop().catch((stopError: unknown) => {
      throw new AggregateError([error, stopError], `the database cluster failed to start and to clean up`);
    });
    throw error;
  }
  cluster.startupMs = Math.round(performance.now() - began);
  return cluster;
}

class ContainerDatabase implements StartedContainerDatabase {
  startupMs = 0;
  private readonly state: ClusterState;
  private operations: Promise<unknown> = Promise.resolve();
  private stopping: Promise<void> | undefined;
  private poller: NodeJS.Timeout | undefined;
  private readonly onExit = () => this.removeSync();

  constructor(options: ContainerDatabaseOptions, context: NodeContext) {
    this.state = {
      options,
      context,
      nodes: [],
      primaryIndex: 0,
      synchronousStandby: undefined,
      lastStandby: null,
    };
  }

  get primary(): ContainerDatabaseNode {
    return nodeInfo(this.state, primaryNode(this.state));
  }

  get standby(): ContainerDatabaseNode | undefined {
    const node = otherNode(this.state);
    return node?.running() && node.role === 'standby' ? nodeInfo(this.state, node) : undefined;
  }

  async bringUp(): Promise<void> {
    process.once('exit', this.onExit);
    await bringUpNodes(this.state);
    const pollMs = this.state.options.statusPollMs ?? 1000;
    if (pollMs > 0) {
      this.poller = setInterval(() => void this.replicationState().catch(() => undefined), pollMs);
      this.poller.unref();
    }
  }

  killPrimary(): Promise<{ node: string; killedAt: string }> {
    return this.serially(async () => {
      const node = primaryNode(this.state);
      const killedAt = await node.kill();
      return { node: node.name, killedAt: killedAt.toISOString() };
    });
  }

  promoteStandby(): Promise<{ node: string; promotedAt: string }> {
    return this.serially(async () => {
      const node = await promoteStandby(this.state);
      return { node: node.name, promotedAt: new Date().toISOString() };
    });
  }

  checkFailoverPossible(): Promise<void> {
    return this.serially(async () => void (await assertFailoverPossible(this.state)));
  }

  failover(options: FailoverOptions): Promise<FailoverResult> {
    return this.serially(() => failover(this.state, options));
  }

  recloneStandby(): Promise<ContainerDatabaseNode> {
    return this.serially(async () => nodeInfo(this.state, await recloneStandby(this.state)));
  }

  async replicationState(): Promise<ReplicationState> {
    const primary = primaryNode(this.state);
    assertPrimaryRuns(this.state, 'read the replication state');
    const standbys = await withClient(primary.adminUrl, readStandbys);
    const standby = standbys.find((s) => s.name === otherNode(this.state)?.name) ?? standbys[0] ?? null;
    this.state.lastStandby = standby;
    return { primary: primary.name, standby };
  }

  waitForStandbyCaughtUp(timeoutMs = 10_000): Promise<void> {
    return waitForStandbyCaughtUp(this.state, timeoutMs);
  }

  status(): Omit<DatabaseStatus, 'proxy'> {
    const primary = primaryNode(this.state);
    const other = otherNode(this.state);
    const { lastStandby } = this.state;
    const lag = lastStandby?.name === other?.name ? lastStandby?.lagBytes : undefined;
    return {
      primary: { name: primary.name, port: primary.port, role: primary.running() ? 'primary' : 'down' },
      ...(other
        ? {
            standby: {
              name: other.name,
              port: other.port,
              role: other.running() ? other.role : 'down',
              ...(other.running() && lag != null ? { replayLagBytes: lag } : {}),
            },
          }
        : {}),
      synchronous: this.state.synchronousStandby !== undefined,
    };
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      clearInterval(this.poller);
      // An operation under way may be starting a container: let it finish (each step has its own
      // timeout, but a failover's repoint callback is the caller's, so do not wait for ever).
      await Promise.race([this.operations, sleep(30_000, { unref: true })]);
      const { nodes } = this.state;
      const results = await Promise.allSettled(nodes.map((node) => node.remove()));
      await Promise.allSettled(nodes.map((node) => node.close()));
      process.off('exit', this.onExit);
      const errors = results
        .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
        .map((r) => r.reason as unknown);
      if (errors.length > 0) {
        throw new AggregateError(errors, `stopping the database cluster failed in ${errors.length} place(s)`);
      }
    })();
    return this.stopping;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  private serially<T>(operation: () => Promise<T>): Promise<T> {
    if (this.stopping) return Promise.reject(new Error(`the database cluster has been stopped`));
    const result = this.operations.then(operation);
    this.operations = result.catch(() => undefined);
    return result;
  }

  /** At process exit without stop() ('exit' handlers cannot wait): `docker rm -fv`, synchronously. */
  private removeSync(): void {
    const ids = this.state.nodes.flatMap((node) =>
      node.createdContainerId ? [node.createdContainerId] : [],
    );
    if (ids.length > 0) spawnSync('docker', ['rm', '-fv', ...ids], { stdio: 'ignore', timeout: 10_000 });
  }
}
