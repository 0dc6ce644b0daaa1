import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Wait, type StartedTestContainer } from 'testcontainers';
import { Toxiproxy } from 'toxiproxy-node-client';
import type { StartedToxiproxy, ToxiproxyImplementation } from '../../../toxiproxy/index.js';
import { LabContainer, networkName, removeContainer, type LabNetwork } from '../database/lab-container.js';
import { ContainerProxy } from './container-proxy.js';
import { toxiproxyVersion } from './toxiproxy-version.js';
import { configureTestcontainers } from '../docker/testcontainers-env.js';

/**
 * The real toxiproxy-server in a container on the lab's network (lab/runtime/k3s/images: the toxiproxy
 * image). Its API is published on 127.0.0.1, so the lab drives it from the host with the same
 * toxiproxy-node-client as the local profile; its proxies listen inside the container, where the backend
 * pods reach them over the lab's network, and those the host must reach too are published on 127.0.0.1.
 */
export const toxiproxyApiPort = 8474;
/** The proxy the backend pods reach PostgreSQL through (the `postgres` Service's endpoint). */
export const databaseProxySpec = { name: 'postgres', port: 5432 } as const;
const startedLine = /Starting Toxiproxy HTTP server/;

export interface ToxiproxyContainerOptions {
  runId: string;
  network: LabNetwork;
  /** The toxiproxy image, by tag. */
  image: string;
  /** The container's name on the lab's network (default `toxiproxy`). */
  alias?: string;
  /** Proxy ports (inside the container) to publish on 127.0.0.1 as well (default: the database proxy's 5432). */
  publishedPorts?: readonly number[];
  /** The server's output goes to `<logsDir>/toxiproxy.log`. */
  logsDir?: string;
  startTimeoutMs?: number;
}

export interface StartedToxiproxyContainer extends StartedToxiproxy {
  /** `http://127.0.0.1:<published 8474>` (also `url`, as StartedToxiproxy has it). */
  readonly apiUrl: string;
  /** What `GET /version` says (the module version in the binary when that says `git`). */
  readonly version: string;
  /** For the report's implementations line: `toxiproxy-server 2.12.0 (container)`. */
  readonly description: string;
  readonly alias: string;
  /** The container's IP on the lab's network (Kubernetes Endpoints take IPs, not names). */
  readonly ipAddress: string;
  readonly container: StartedTestContainer;
  /** The 127.0.0.1 port a published container port is reachable at, if it was published. */
  publishedPort(containerPort: number): number | undefined;
  /** A proxy listening on `0.0.0.0:<port>` in the container, forwarding to `upstream` (`host:port`). */
  createProxy(options: { name: string; port: number; upstream: string }): Promise<ContainerProxy>;
  /** The `postgres` proxy on 5432 in front of `upstream` (the primary's `postgres-0:5432`). */
  createDatabaseProxy(upstream: string): Promise<ContainerProxy>;
}

export async function startToxiproxyContainer(
  options: ToxiproxyContainerOptions,
): Promise<StartedToxiproxyContainer> {
  configureTestcontainers();
  const alias = options.alias ?? 'toxiproxy';
  const published = options.publishedPorts ?? [databaseProxySpec.port];
  let createdId: string | undefined;
  const builder = new LabContainer(options.image)
    .withRun(options.runId, 'toxiproxy')
    .withLabNetwork(options.network, alias)
    .withExposedPorts(toxiproxyApiPort, ...published)
    .withWaitStrategy(Wait.forLogMessage(startedLine))
    .withStartupTimeout(options.startTimeoutMs ?? 30_000)
    .withOnCreated((id) => (createdId = id));
  if (options.logsDir) {
    await mkdir(options.logsDir, { recursive: true });
    const file = createWriteStream(join(options.logsDir, 'toxiproxy.log'), { flags: 'a' });
    builder.withLogConsumer((stream) => stream.pipe(file));
  }
  try {
    const container = await builder.start();
    const apiUrl = `http://127.0.0.1:${container.getMappedPort(toxiproxyApiPort)}`;
    const version = await toxiproxyVersion(apiUrl, container, options.startTimeoutMs ?? 30_000);
    return new ToxiproxyContainer(container, apiUrl, version, alias, networkName(options.network), published);
  } catch (error) {
    if (createdId) await removeContainer(createdId).catch(() => undefined);
    throw error;
  }
}

class ToxiproxyContainer implements StartedToxiproxyContainer {
  readonly client: Toxiproxy;
  readonly implementation: ToxiproxyImplementation;
  readonly ipAddress: string;
  private stopping: Promise<void> | undefined;

  constructor(
    readonly container: StartedTestContainer,
    readonly apiUrl: string,
    readonly version: string,
    readonly alias: string,
    network: string,
    private readonly published: readonly number[],
  ) {
    this.client = new Toxiproxy(apiUrl);
    this.implementation = { name: 'toxiproxy-server', version };
    this.ipAddress = container.getIpAddress(network);
  }

  get url(): string {
    return this.apiUrl;
  }

  get description(): string {
    return `toxiproxy-server ${this.version} (container)`;
  }

  publishedPort(containerPort: number): number | undefined {
    return this.published.includes(containerPort) ? this.container.getMappedPort(containerPort) : undefined;
  }

  async createProxy({
    name,
    port,
    upstream,
  }: {
    name: string;
    port: number;
    upstream: string;
  }): Promise<ContainerProxy> {
    await this.client.createProxy({ name, listen: `0.0.0.0:${port}`, upstream, enabled: true });
    const hostPort = this.publishedPort(port);
    return new ContainerProxy(
      this,
      name,
      port,
      `${this.ipAddress}:${port}`,
      hostPort === undefined ? undefined : `127.0.0.1:${hostPort}`,
      upstream,
    );
  }

  createDatabaseProxy(upstream: string): Promise<ContainerProxy> {
    return this.createProxy({ ...databaseProxySpec, upstream });
  }

  /** `docker rm -fv`; idempotent. */
  stop(): Promise<void> {
    this.stopping ??= removeContainer(this.container.getId());
    return this.stopping;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }
}
