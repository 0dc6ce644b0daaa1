import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { DatabaseStatus, FailoverResult } from '../../../control/lab-controller.js';
import {
  createAppUser,
  createSlot,
  prepareReplication,
  readStandbys,
  setSynchronousStandby,
  withClient,
  type StandbyReplication,
} from './admin-sql.js';
import { onlineBaseBackup } from './base-backup.js';
import { copyDataDir } from './copy-data-dir.js';
import { ClusterNode, type DatabaseNode, type NodeContext } from './database-node.js';
import { initDataDir } from './init-data-dir.js';
import { loadPostgresTools } from './postgres-binaries.js';
import { clusterSettings, superuser, type SettingValue } from './postgres-config.js';
import { killServer } from './server-processes.js';

/**
 * A PostgreSQL primary (`postgres-0`) and hot standby (`postgres-1`) with streaming replication through
 * a physical slot, synchronous by default (a commit returns once the standby has flushed it: RPO 0), as
 * RDS Multi-AZ runs it; and the operations the lab's faults need: kill the primary as a crashed host,
 * promote the standby, fail over (kill, detection delay, promote, re-point), re-clone the old primary
 * as the new standby.
 *
 * First start: initdb once, copy the cleanly stopped data dir to the standby (faster than an online
 * backup, and it lets the standby start as soon as the primary has its slot). Re-clone: an online base
 * backup of the running primary (base-backup.ts).
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

const sleep = (ms: number, { unref = false } = {}) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    if (unref) timer.unref();
  });
const promoteTimeoutMs = 60_000;
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
  private readonly nodes: ClusterNode[] = [];
  private primaryIndex = 0;
  /** The standby named in synchronous_standby_names on the primary now. */
  private synchronousStandby: string | undefined;
  private lastStandby: StandbyReplication | null = null;
  private operations: Promise<unknown> = Promise.resolve();
  private stopping: Promise<void> | undefined;
  private poller: NodeJS.Timeout | undefined;
  private readonly onExit = () => this.killSync();

  constructor(
    private readonly options: DatabaseClusterOptions,
    private readonly context: NodeContext,
  ) {}

  get primary(): DatabaseNode {
    return this.primaryNode.info(this.appUrl);
  }

  get standby(): DatabaseNode | undefined {
    const node = this.otherNode;
    return node?.running() && node.role === 'standby' ? node.info(this.appUrl) : undefined;
  }

  private get primaryNode(): ClusterNode {
    return this.nodes[this.primaryIndex]!;
  }

  private get otherNode(): ClusterNode | undefined {
    return this.nodes[1 - this.primaryIndex];
  }

  private readonly appUrl = (port: number) => {
    const { user, password, database } = this.options;
    const e = encodeURIComponent;
    return `postgres://${e(user)}:${e(password)}@127.0.0.1:${port}/${e(database)}`;
  };

  async bringUp(): Promise<void> {
    process.once('exit', this.onExit);
    const withStandby = this.options.standby ?? true;
    const synchronous = withStandby && (this.options.synchronous ?? true);
    const primary = await ClusterNode.create('postgres-0', 'primary', this.context);
    this.nodes.push(primary);
    const standby = withStandby ? await ClusterNode.create('postgres-1', 'standby', this.context) : undefined;
    if (standby) this.nodes.push(standby);
    this.synchronousStandby = synchronous ? standby?.name : undefined;

    const settings = clusterSettings({
      synchronousStandby: this.synchronousStandby,
      ...(this.options.settings ? { settings: this.options.settings } : {}),
    });
    await initDataDir({
      node: primary.name,
      tools: this.context.tools,
      nodeDir: primary.dir,
      superuserPassword: this.context.superuserPassword,
      settings,
      runId: this.options.runId,
      logFile: primary.logFile,
    });
    if (standby) {
      await copyDataDir(primary.dataDir, standby.dataDir, { ids: this.context.tools.ids, excludeWal: false });
    }
    await primary.start();
    if (standby) {
      await withClient(primary.adminUrl, (c) =>
        prepareReplication(c, this.context.replicationPassword, standby.name),
      );
      await standby.makeStandbyOf(primary.port);
      await Promise.all([
        standby.start(),
        withClient(primary.adminUrl, (c) => createAppUser(c, this.options)),
      ]);
      await this.waitForStreaming(standby, synchronous);
    } else {
      await withClient(primary.adminUrl, (c) => createAppUser(c, this.options));
    }
    const pollMs = this.options.statusPollMs ?? 1000;
    if (pollMs > 0) {
      this.poller = setInterval(() => void this.replicationState().catch(() => undefined), pollMs);
      this.poller.unref();
    }
  }

  killPrimary(): Promise<{ node: string; killedAt: string }> {
    return this.serially(async () => {
      const killedAt = await this.kill(this.primaryNode);
      return { node: this.primaryNode.name, killedAt: killedAt.toISOString() };
    });
  }

  promoteStandby(): Promise<{ node: string; promotedAt: string }> {
    return this.serially(async () => {
      const node = await this.promote();
      return { node: node.name, promotedAt: new Date().toISOString() };
    });
  }

  failover({ detectionDelayMs, repoint }: FailoverOptions): Promise<FailoverResult> {
    return this.serially(async () => {
      const oldPrimary = this.primaryNode.name;
      const killedAt = await this.kill(this.primaryNode);
      await sleep(Math.max(0, killedAt.getTime() + detectionDelayMs - Date.now()));
      const promoted = await this.promote();
      const promotedAt = new Date();
      try {
        await repoint({ host: '127.0.0.1', port: promoted.port, node: promoted.name });
      } catch (error) {
        throw new Error(
          `${promoted.name} was promoted, but re-pointing clients to it failed: ${String(error)}`,
          {
            cause: error,
          },
        );
      }
      return {
        oldPrimary,
        newPrimary: promoted.name,
        killedAt: killedAt.toISOString(),
        promotedAt: promotedAt.toISOString(),
        repointedAt: new Date().toISOString(),
      };
    });
  }

  recloneStandby(): Promise<DatabaseNode> {
    return this.serially(async () => {
      const primary = this.primaryNode;
      const target = this.otherNode;
      if (!target) {
        throw new Error(`the cluster was started with standby: false, so there is no node to re-clone`);
      }
      if (!primary.running()) {
        throw new Error(`cannot re-clone ${target.name}: the primary ${primary.name} is down; promote first`);
      }
      await target.note(`re-cloning as a standby of ${primary.name} (online base backup)`);
      if (target.running()) await target.process?.kill();
      await target.wipeDataDir();
      await withClient(primary.adminUrl, (c) => createSlot(c, target.name));
      await onlineBaseBackup({
        primaryUrl: primary.adminUrl,
        primaryDataDir: primary.dataDir,
        targetDataDir: target.dataDir,
        ids: this.context.tools.ids,
        label: `dhakacart-lab re-clone of ${target.name}`,
      });
      await target.makeStandbyOf(primary.port);
      await target.start();
      await this.waitForStreaming(target, false);
      if (this.options.synchronous ?? true) {
        await withClient(primary.adminUrl, (c) => setSynchronousStandby(c, target.name));
        this.synchronousStandby = target.name;
        await this.waitForStreaming(target, true);
      }
      return target.info(this.appUrl);
    });
  }

  async replicationState(): Promise<ReplicationState> {
    const primary = this.primaryNode;
    this.assertPrimaryRuns('read the replication state');
    const standbys = await withClient(primary.adminUrl, readStandbys);
    const standby = standbys.find((s) => s.name === this.otherNode?.name) ?? standbys[0] ?? null;
    this.lastStandby = standby;
    return { primary: primary.name, standby };
  }

  async waitForStandbyCaughtUp(timeoutMs = 10_000): Promise<void> {
    this.assertPrimaryRuns('wait for the standby');
    const standby = this.otherNode;
    if (!standby?.running()) throw new Error(`there is no running standby to wait for`);
    await withClient(this.primaryNode.adminUrl, async (client) => {
      const target = (await client.query<{ lsn: string }>(`SELECT pg_current_wal_lsn()::text AS lsn`))
        .rows[0]!.lsn;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const result = await client.query<{ caught_up: boolean }>(
          `SELECT pg_wal_lsn_diff(replay_lsn, $1::pg_lsn) >= 0 AS caught_up
             FROM pg_stat_replication WHERE application_name = $2`,
          [target, standby.name],
        );
        if (result.rows[0]?.caught_up) return;
        if (Date.now() > deadline) {
          throw new Error(
            `${standby.name} did not replay up to ${target} within ${timeoutMs} ms (see ${standby.logFile})`,
          );
        }
        await sleep(20);
      }
    });
  }

  status(): Omit<DatabaseStatus, 'proxy'> {
    const primary = this.primaryNode;
    const other = this.otherNode;
    const lag = this.lastStandby?.name === other?.name ? this.lastStandby?.lagBytes : undefined;
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
      synchronous: this.synchronousStandby !== undefined,
    };
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      clearInterval(this.poller);
      // An operation under way may be starting a server: let it finish (each step has its own timeout,
      // but a failover's repoint callback is the caller's, so do not wait for ever).
      await Promise.race([this.operations, sleep(30_000, { unref: true })]);
      const results = await Promise.allSettled(this.nodes.map((node) => node.process?.stop()));
      const dirs = await Promise.allSettled(
        this.nodes.map((node) => rm(node.dir, { recursive: true, force: true, maxRetries: 3 })),
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

  private assertPrimaryRuns(what: string): void {
    const primary = this.primaryNode;
    if (!primary.running()) {
      throw new Error(`cannot ${what}: the primary ${primary.name} is down; promote the standby first`);
    }
  }

  private async kill(node: ClusterNode): Promise<Date> {
    if (!node.running()) throw new Error(`${node.name} is not running, so it cannot be killed`);
    const killedAt = new Date();
    await node.process?.kill();
    await node.note('killed with SIGKILL, postmaster and children at once (lab fault: host failure)');
    return killedAt;
  }

  private async promote(): Promise<ClusterNode> {
    const node = this.otherNode;
    if (!node?.running() || node.role !== 'standby') {
      throw new Error(
        `there is no running standby to promote${node ? ` (${node.name} is ${node.running() ? node.role : 'down'})` : ''}; re-clone one first`,
      );
    }
    await node.note('promoting to primary');
    await withClient(node.adminUrl, async (client) => {
      // pg_promote(wait => true) checks for the end of recovery only every 100 ms; polling
      // pg_is_in_recovery() every 10 ms takes up to ~90 ms off a failover with no detection delay.
      await client.query(`SELECT pg_promote(false)`);
      const deadline = Date.now() + promoteTimeoutMs;
      for (;;) {
        const { rows } = await client.query<{ standby: boolean }>(`SELECT pg_is_in_recovery() AS standby`);
        if (!rows[0]?.standby) break;
        if (Date.now() > deadline) {
          throw new Error(
            `${node.name} did not finish promotion within ${promoteTimeoutMs} ms (see ${node.logFile})`,
          );
        }
        await sleep(10);
      }
      // Its synchronous_standby_names may name a standby that no longer exists: commits would wait forever.
      await setSynchronousStandby(client, undefined);
    });
    this.synchronousStandby = undefined;
    this.lastStandby = null;
    node.role = 'primary';
    this.primaryNode.role = 'standby';
    this.primaryIndex = this.nodes.indexOf(node);
    return node;
  }

  private async waitForStreaming(
    standby: ClusterNode,
    synchronous: boolean,
    timeoutMs = 30_000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last: StandbyReplication | undefined;
    await withClient(this.primaryNode.adminUrl, async (client) => {
      for (;;) {
        last = (await readStandbys(client)).find((s) => s.name === standby.name);
        if (last?.state === 'streaming' && (!synchronous || last.syncState === 'sync')) return;
        if (!standby.running()) {
          throw new Error(
            `${standby.name} exited before it streamed from the primary (see ${standby.logFile})`,
          );
        }
        if (Date.now() > deadline) {
          const seen = last ? `state ${last.state}, sync_state ${last.syncState}` : 'not connected';
          throw new Error(
            `${standby.name} was not streaming${synchronous ? ' synchronously' : ''} from ${this.primaryNode.name} within ${timeoutMs} ms (${seen}; see ${standby.logFile})`,
          );
        }
        await sleep(20);
      }
    });
  }

  /** At process exit without stop() (synchronous: 'exit' handlers cannot wait). */
  private killSync(): void {
    for (const node of this.nodes) {
      if (node.process?.running()) killServer(node.process.pid);
    }
    for (const node of this.nodes) rmSync(node.dir, { recursive: true, force: true });
  }
}
