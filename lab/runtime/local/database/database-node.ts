import { chown, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { makeRunTempDir } from '../../shared/run-label.js';
import { writeOwned } from './base-backup.js';
import type { PostgresTools } from './postgres-binaries.js';
import { standbyConf, standbyConfFile, superuser } from './postgres-config.js';
import { appendLog, startPostgresProcess, type PostgresProcess } from './postgres-process.js';
import { pauseServer } from './server-processes.js';

/**
 * One member of the cluster, named like a StatefulSet pod (`postgres-0`, `postgres-1`): a run-labelled
 * temp dir (data dir and unix socket inside), a log file, a port it keeps across restarts when it can,
 * and the server process while one runs.
 */
export type NodeRole = 'primary' | 'standby';

export interface DatabaseNode {
  name: string;
  port: number;
  /** The app user's URL: postgres://user:password@127.0.0.1:port/database */
  url: string;
  role: NodeRole | 'down';
  /** The postmaster's pid (it leads the node's process group) while it runs. */
  pid: number | undefined;
}

export interface NodeContext {
  runId: string;
  tools: PostgresTools;
  logsDir: string;
  superuserPassword: string;
  replicationPassword: string;
  startTimeoutMs: number;
}

export class ClusterNode {
  role: NodeRole;
  port = 0;
  process: PostgresProcess | undefined;

  private constructor(
    readonly name: string,
    readonly dir: string,
    private readonly context: NodeContext,
    role: NodeRole,
  ) {
    this.role = role;
  }

  static async create(name: string, role: NodeRole, context: NodeContext): Promise<ClusterNode> {
    const dir = await makeRunTempDir(context.runId, name, 'memory');
    // The server's user must be able to create the data dir and its socket here.
    if (context.tools.ids) await chown(dir, context.tools.ids.uid, context.tools.ids.gid);
    return new ClusterNode(name, dir, context, role);
  }

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  get logFile(): string {
    return join(this.context.logsDir, `${this.name}.log`);
  }

  get adminUrl(): string {
    return `postgres://${superuser}:${encodeURIComponent(this.context.superuserPassword)}@127.0.0.1:${this.port}/postgres`;
  }

  /** A line in the node's log, so that reading it tells what the lab did to the node and when. */
  note(line: string): Promise<void> {
    return appendLog(this.logFile, `${this.name}: ${line}`);
  }

  /** Set while the server's processes are frozen as a lost host's (crash()): the node counts as down. */
  private crashed = false;

  running(): boolean {
    return !this.crashed && (this.process?.running() ?? false);
  }

  /**
   * The host is lost: every process of the server is frozen at once (SIGSTOP), so nothing answers and
   * no connection is closed (no FIN, no RST), as with a machine that lost power or its network; the
   * clients' connections hang until their own timeouts or the proxy's re-point close them. A process
   * killed on a live host would instead have its kernel reset every connection at once, which no lost
   * database host (an RDS instance, a Kubernetes node) does. The frozen processes are killed when the
   * node is re-cloned or the cluster stops (halt()).
   */
  crash(): void {
    const pid = this.process?.pid;
    if (!this.running() || pid === undefined)
      throw new Error(`${this.name} is not running, so it cannot be killed`);
    pauseServer(pid, true);
    this.crashed = true;
  }

  /**
   * Stops the server: a fast shutdown, or SIGKILL when asked (its data dir is about to be wiped) and
   * for a crashed (frozen) one, which cannot shut down.
   */
  async halt(how: 'shutdown' | 'kill' = 'shutdown'): Promise<void> {
    if (this.crashed || how === 'kill') await this.process?.kill();
    else await this.process?.stop();
    this.crashed = false;
  }

  async start(): Promise<void> {
    if (this.process?.running()) await this.halt();
    this.crashed = false;
    this.process = await startPostgresProcess({
      node: this.name,
      tools: this.context.tools,
      dataDir: this.dataDir,
      socketDir: this.dir,
      ...(this.port ? { port: this.port } : {}),
      runId: this.context.runId,
      logFile: this.logFile,
      startTimeoutMs: this.context.startTimeoutMs,
    });
    this.port = this.process.port;
  }

  /** Turns the (stopped) data dir into a standby of `primaryPort`: standby.signal plus standby.conf. */
  async makeStandbyOf(primaryPort: number): Promise<void> {
    const ids = this.context.tools.ids;
    const conf = standbyConf({
      node: this.name,
      primaryPort,
      replicationPassword: this.context.replicationPassword,
    });
    await writeOwned(join(this.dataDir, standbyConfFile), conf, ids);
    await writeOwned(join(this.dataDir, 'standby.signal'), '', ids);
    this.role = 'standby';
  }

  /** Removes the data dir (the node must not run), leaving an empty place for a new one. */
  async wipeDataDir(): Promise<void> {
    if (this.process?.running())
      throw new Error(`${this.name}: cannot wipe the data dir of a running server`);
    await rm(this.dataDir, { recursive: true, force: true, maxRetries: 3 });
    await mkdir(this.dir, { recursive: true });
  }

  info(appUrl: (port: number) => string): DatabaseNode {
    return {
      name: this.name,
      port: this.port,
      url: appUrl(this.port),
      role: this.running() ? this.role : 'down',
      pid: this.running() ? this.process?.pid : undefined,
    };
  }
}
