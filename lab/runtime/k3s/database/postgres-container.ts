import type { Readable } from 'node:stream';
import { Wait } from 'testcontainers';
import { replicationUser, slotName } from '../../local/database/postgres-config.js';
import { LabContainer, type LabNetwork } from './lab-container.js';

/**
 * One PostgreSQL node's container, configured through the image's entrypoint
 * (lab/runtime/k3s/images/postgres/docker-entrypoint.sh): a primary initialised from scratch, or a standby
 * made by pg_basebackup from the primary's network alias. The data directory is a tmpfs: a node lives
 * exactly as long as its container (a killed node is never restarted, it is re-cloned), tmpfs leaves no
 * anonymous, unlabelled volume behind, and fsync costs nothing on the shared machine.
 */
export const postgresPort = 5432;
export const pgdata = '/var/lib/postgresql/data';
/** The final server's line; a hot standby says "read-only connections". */
export const readyLine = /database system is ready to accept (read-only )?connections/;

export interface PostgresNodeSpec {
  runId: string;
  network: LabNetwork;
  image: string;
  /** The node's name, network alias, application_name and container role label: `postgres-0`. */
  name: string;
  superuserPassword: string;
  replicationPassword: string;
  /** The app's database, created on a primary's first start. */
  database: string;
  /** A primary's initial synchronous_standby_names names this standby (undefined: asynchronous). */
  synchronousStandby?: string | undefined;
  /** Makes the node a standby of this primary (its network alias), streaming through its slot. */
  standbyOf?: string | undefined;
  startupTimeoutMs: number;
  logConsumer?: ((stream: Readable) => unknown) | undefined;
}

export function postgresNodeContainer(spec: PostgresNodeSpec): LabContainer {
  const environment: Record<string, string> = {
    PGDATA: pgdata,
    NODE_NAME: spec.name,
    POSTGRES_USER: 'postgres',
    POSTGRES_PASSWORD: spec.superuserPassword,
    POSTGRES_DB: spec.database,
    REPLICATION_USER: replicationUser,
    REPLICATION_PASSWORD: spec.replicationPassword,
    ...(spec.synchronousStandby !== undefined && {
      // An identifier in this setting's grammar: a hyphenated name needs double quotes.
      SYNCHRONOUS_STANDBY_NAMES: `"${spec.synchronousStandby}"`,
    }),
    ...(spec.standbyOf !== undefined && {
      PRIMARY_HOST: spec.standbyOf,
      PRIMARY_PORT: String(postgresPort),
      REPLICATION_SLOT: slotName(spec.name),
      PRIMARY_WAIT_SECONDS: String(Math.ceil(spec.startupTimeoutMs / 1000)),
    }),
  };
  const container = new LabContainer(spec.image)
    .withRun(spec.runId, spec.name)
    .withLabNetwork(spec.network, spec.name)
    .withExposedPorts(postgresPort)
    .withTmpFs({ [pgdata]: 'rw,size=1g' })
    .withEnvironment(environment)
    // The backend's pools (pods × pool size) outgrow the default 100; WAL stays small on the tmpfs.
    .withCommand(['postgres', '-c', 'max_connections=200', '-c', 'max_wal_size=256MB'])
    .withWaitStrategy(Wait.forLogMessage(readyLine))
    .withStartupTimeout(spec.startupTimeoutMs);
  return spec.logConsumer ? container.withLogConsumer(spec.logConsumer) : container;
}
