import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { DatabaseStatus, FailoverResult } from '../../../control/lab-controller.js';
import { readStandbys, withClient, type StandbyReplication } from './admin-sql.js';
import {
  nodeInfo,
  otherNode,
  primaryNode,
  sleep,
  assertPrimaryRuns,
  type ClusterState,
} from './cluster-state.js';
import type { DatabaseNode, NodeContext } from './database-node.js';
import { failover, killNode, promoteStandby, recloneStandby } from './failover-operations.js';
import { loadPostgresTools } from './postgres-binaries.js';
import { superuser, type SettingValue } from './postgres-config.js';
import { waitForStandbyCaughtUp } from './replication-waits.js';
import { killServer } from './server-processes.js';
import { bringUpNodes } from './start-cluster.js';

/**
 * A PostgreSQL primary (`postgres-0`) and hot standby (`postgres-1`) with streaming replication through
 * a physical slot, synchronous by default (a commit returns once the standby has flushed it: RPO 0), as
 * RDS Multi-AZ runs it; and the operations the lab's faults need: kill the primary as a crashed host,
 * promote the standby, fail over (kill, detection delay, promote, re-point), re-clone the old primary
 * as the new standby.
 *
 * This file is the handle: it runs one operation at a time and stops everything. The jobs are in their
 * own files: the first start in start-cluster.ts, failover and re-clone in failover-operations.ts,
 * replication waits in replication-waits.ts.
 */
export interface DatabaseClusterOptions {
  runId: string;
  /** The app's credentials (the lab takes them from the lab Secret's DATABASE_URL). */
  user: string;
  password: string;
  database: string;
  /** Commits wait for the standby (RPO 0). Default true; false: asynchronous replication. */
  synchronous?: boolean;
  /** Run the hot standby. Default true. */
  standby?: boolean;
  /** Each node logs to `<logsDir>/<node>.log`. */
  logsDir: string;
  /** Extra postgresql.conf settings for both nodes. */
  settings?: Record<string, SettingValue>;
  /** Per server start (default 30 s). */
  startTimeoutMs?: number;
  /** How often status() refreshes the standby's replay lag (default 1000 ms; 0: never). */
  statusPollMs?: number;
}

export interface ReplicationState {
  primary: string;
  /** The standby as the primary sees it (pg_stat_replication); null when none is connected. */
  standby: StandbyReplication | null;
}

export interface RepointTarget {
  host: string;
  port: number;
  node: string;
}

export interface FailoverOptions {
  /** How long the failure goes unnoticed before the standby is promoted (RDS: tens of seconds). */
  detectionDelayMs: number;
  /** Points clients at the new primary (the lab re-points its Toxiproxy proxy, as RDS flips its DNS name). */
  repoint: (target: RepointTarget) => Promise<void> | void;
}

export interface StartedDatabaseCluster {
  /** The node that is primary (or was, while it is down and nobody has been promoted yet). */
  readonly primary: DatabaseNode;
  /** The running hot standby, if there is one. */
  readonly standby: DatabaseNode | undefined;
  /** Milliseconds startDatabaseCluster took until replication was streaming. */
  readonly startupMs: number;
  killPrimary(): Promise<{ node: string; killedAt: string }>;
  promoteStandby(): Promise<{ node: string; promotedAt: string }>;
  failover(options: FailoverOptions): Promise<FailoverResult>;
  /** Wipes the node that is not primary and makes it a streaming standby of the primary again. */
  recloneStandby(): Promise<DatabaseNode>;
  replicationState(): Promise<ReplicationState>;
  /** Resolves once the standby has replayed everything the primary had written when called. */
  waitForStandbyCaughtUp(timeoutMs?: number): Promise<void>;
  /** `synchronous`: whether commits wait for a standby right now (false after a failover until re-clone). */
  status(): Omit<DatabaseStatus, 'proxy'>;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export type { DatabaseNode } from './database-node.js';
export type { StandbyReplication } from './admin-sql.js';

const randomPassword = () => randomBytes(18).toString('base64url');

export async function startDatabaseCluster(options: DatabaseClusterOptions): Promise<StartedDatabaseCluster> {
  const began = performance.now();
  await mkdir(options.logsDir, { recursive: true });
  const context: NodeContext = {
    runId: options.runId,
    tools: await loadPostgresTools(),
    logsDir: options.logsDir,
    // An app user named `postgres` is the superuser itself: then it keeps the app's password.
    superuserPassword: options.user === superuser ? options.password : randomPassword(),
    replicationPassword: randomPassword(),
    startTimeoutMs: options.startTimeoutMs ?? 30_000,
  };
  const cluster = new DatabaseCluster(options, context);
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

class DatabaseCluster implements StartedDatabaseCluster {
  startupMs = 0;
  private readonly state: ClusterState;
  private operations: Promise<unknown> = Promise.resolve();
  private stopping: Promise<void> | undefined;
  private poller: NodeJS.Timeout | undefined;
  private readonly onExit = () => this.killSync();

  constructor(options: DatabaseClusterOptions, context: NodeContext) {
    this.state = {
      options,
      context,
      nodes: [],
      primaryIndex: 0,
      synchronousStandby: undefined,
      lastStandby: null,
    };
  }

  get primary(): DatabaseNode {
    return nodeInfo(this.state, primaryNode(this.state));
  }

  get standby(): DatabaseNode | undefined {
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
      const killedAt = await killNode(primaryNode(this.state));
      return { node: primaryNode(this.state).name, killedAt: killedAt.toISOString() };
    });
  }

  promoteStandby(): Promise<{ node: string; promotedAt: string }> {
    return this.serially(async () => {
      const node = await promoteStandby(this.state);
      return { node: node.name, promotedAt: new Date().toISOString() };
    });
  }

  failover(options: FailoverOptions): Promise<FailoverResult> {
    return this.serially(() => failover(this.state, options));
  }

  recloneStandby(): Promise<DatabaseNode> {
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
      // An operation under way may be starting a server: let it finish (each step has its own timeout,
      // but a failover's repoint callback is the caller's, so do not wait for ever).
      await Promise.race([this.operations, sleep(30_000, { unref: true })]);
      const { nodes } = this.state;
      const results = await Promise.allSettled(nodes.map((node) => node.halt()));
      const dirs = await Promise.allSettled(
        nodes.map((node) => rm(node.dir, { recursive: true, force: true, maxRetries: 3 })),
      );
      process.off('exit', this.onExit);
      const errors = [...results, ...dirs]
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

  /** At process exit without stop() (synchronous: 'exit' handlers cannot wait). */
  private killSync(): void {
    for (const node of this.state.nodes) {
      if (node.process?.running()) killServer(node.process.pid);
    }
    for (const node of this.state.nodes) rmSync(node.dir, { recursive: true, force: true });
  }
}
