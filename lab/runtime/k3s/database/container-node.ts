import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { getContainerRuntimeClient, type StartedTestContainer } from 'testcontainers';
import { withClient } from '../../local/database/admin-sql.js';
import { superuser } from '../../local/database/postgres-config.js';
import { removeContainer, type LabNetwork } from './lab-container.js';
import { postgresNodeContainer, postgresPort } from './postgres-container.js';

/**
 * One member of the cluster, named like a StatefulSet pod (`postgres-0`, `postgres-1`) and reachable on
 * the lab's network under that name; over its life it may be several containers (a killed node is
 * re-cloned into a fresh one under the same name). Its log file gathers every container's output and
 * lines saying what the lab did to it.
 */
export type NodeRole = 'primary' | 'standby';

/** A node as the cluster handle shows it. */
export interface ContainerDatabaseNode {
  name: string;
  /** The node's name on the lab's Docker network. */
  alias: string;
  /** `<alias>:5432`: where toxiproxy (or anything else on the network) reaches it. */
  address: string;
  /** The published port on 127.0.0.1 (0 before the first start). */
  port: number;
  /** The app user's URL through the published port, for the lab's own checks: postgres://...@127.0.0.1:port/db */
  url: string;
  role: NodeRole | 'down';
  /** The running (or killed, not yet removed) container. */
  container: StartedTestContainer | undefined;
}

export interface NodeContext {
  runId: string;
  network: LabNetwork;
  image: string;
  database: string;
  superuserPassword: string;
  replicationPassword: string;
  logsDir: string | undefined;
  startTimeoutMs: number;
  /** Reports what happened to a node (the cluster adds the time). */
  emit: (event: { type: string; [key: string]: unknown }) => void;
}

export class ContainerNode {
  role: NodeRole;
  port = 0;
  container: StartedTestContainer | undefined;
  /** The id of the container Docker created last, started or not: what remove() removes. */
  private containerId: string | undefined;
  private alive = false;
  private generation = 0;
  private log: WriteStream | undefined;

  constructor(
    readonly name: string,
    role: NodeRole,
    private readonly context: NodeContext,
  ) {
    this.role = role;
  }

  get address(): string {
    return `${this.name}:${postgresPort}`;
  }

  get logFile(): string | undefined {
    return this.context.logsDir && join(this.context.logsDir, `${this.name}.log`);
  }

  get adminUrl(): string {
    return `postgres://${superuser}:${encodeURIComponent(this.context.superuserPassword)}@127.0.0.1:${this.port}/postgres`;
  }

  /** Where to look when something went wrong with this node. */
  get seeLogs(): string {
    return this.logFile
      ? `see ${this.logFile}`
      : `see docker logs ${this.container?.getId().slice(0, 12) ?? this.name}`;
  }

  get createdContainerId(): string | undefined {
    return this.containerId;
  }

  running(): boolean {
    return this.alive;
  }

  /** A line in the node's log, so that reading it tells what the lab did to the node and when. */
  note(line: string): void {
    this.logStream()?.write(`${new Date().toISOString()} [lab] ${this.name}: ${line}\n`);
  }

  /** Starts a fresh container: a primary from initdb, or (`standbyOf`) a standby from a base backup. */
  async start(options: {
    synchronousStandby?: string | undefined;
    standbyOf?: ContainerNode;
  }): Promise<void> {
    if (this.containerId) throw new Error(`${this.name} still has a container; remove it first`);
    const began = performance.now();
    const generation = ++this.generation;
    this.role = options.standbyOf ? 'standby' : 'primary';
    this.note(
      options.standbyOf
        ? `starting as a standby of ${options.standbyOf.name} (base backup)`
        : `starting as the primary`,
    );
    const container = await postgresNodeContainer({
      runId: this.context.runId,
      network: this.context.network,
      image: this.context.image,
      name: this.name,
      superuserPassword: this.context.superuserPassword,
      replicationPassword: this.context.replicationPassword,
      database: this.context.database,
      synchronousStandby: options.synchronousStandby,
      standbyOf: options.standbyOf?.name,
      startupTimeoutMs: this.context.startTimeoutMs,
      logConsumer: (stream) => this.follow(stream, generation),
    })
      .withOnCreated((id) => (this.containerId = id))
      .start();
    this.container = container;
    this.port = container.getMappedPort(postgresPort);
    this.alive = true;
    // The ready line is the server's; the published port goes through docker's proxy: ask a real query.
    await waitForQuery(this.adminUrl, this.context.startTimeoutMs, () => `${this.name} (${this.seeLogs})`);
    const startupMs = Math.round(performance.now() - began);
    this.note(`${this.role} ready in ${startupMs} ms, published on 127.0.0.1:${this.port}`);
    this.context.emit({ type: 'database-node-started', node: this.name, role: this.role, startupMs });
  }

  /** SIGKILL to the whole container at once, as a lost host or AZ; the container stays until removed. */
  async kill(): Promise<Date> {
    if (!this.container || !this.alive)
      throw new Error(`${this.name} is not running, so it cannot be killed`);
    const client = await getContainerRuntimeClient();
    const killedAt = new Date();
    await client.container.getById(this.container.getId()).kill({ signal: 'SIGKILL' });
    this.alive = false;
    this.note('killed with SIGKILL, the whole container at once (lab fault: host failure)');
    this.context.emit({ type: 'database-node-killed', node: this.name });
    return killedAt;
  }

  /** `docker rm -fv`: the container, its tmpfs data directory and any volume, whatever state it is in. */
  async remove(): Promise<void> {
    const id = this.containerId;
    if (!id) return;
    this.alive = false;
    this.generation++;
    await removeContainer(id);
    this.containerId = undefined;
    this.container = undefined;
    this.note(`container ${id.slice(0, 12)} removed with its data`);
  }

  /** Closes the log file (after remove()). */
  async close(): Promise<void> {
    const log = this.log;
    this.log = undefined;
    if (log) await new Promise<void>((resolve) => log.end(resolve));
  }

  info(appUrl: (port: number) => string): ContainerDatabaseNode {
    return {
      name: this.name,
      alias: this.name,
      address: this.address,
      port: this.port,
      url: appUrl(this.port),
      role: this.alive ? this.role : 'down',
      container: this.container,
    };
  }

  /** Copies the container's output into the node's log; its end means the container has stopped. */
  private follow(stream: Readable, generation: number): void {
    stream.on('data', (chunk: Buffer | string) => this.logStream()?.write(chunk));
    const ended = () => {
      if (generation !== this.generation || !this.alive) return;
      this.alive = false;
      this.note('the container stopped on its own');
      this.context.emit({ type: 'database-node-exited', node: this.name });
    };
    stream.on('end', ended);
    stream.on('error', ended);
  }

  private logStream(): WriteStream | undefined {
    if (!this.logFile) return undefined;
    this.log ??= createWriteStream(this.logFile, { flags: 'a' });
    return this.log;
  }
}

/** Resolves once `SELECT 1` answers at `url` (the server is up and the published port forwards). */
export async function waitForQuery(url: string, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await withClient(url, (client) => client.query('SELECT 1'));
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`${what()} did not answer a query within ${timeoutMs} ms: ${String(error)}`, {
          cause: error,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
