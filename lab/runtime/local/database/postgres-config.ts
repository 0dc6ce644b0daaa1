/**
 * The configuration files of the lab's PostgreSQL nodes. Both nodes share postgresql.conf and
 * pg_hba.conf (the standby starts as a copy of the primary); what is per node goes on the command line
 * (port, socket dir, cluster_name) or in `standby.conf`, which only a standby has and a base backup never
 * copies.
 */
export type SettingValue = string | number | boolean;

export const replicationUser = 'lab_replicator';
export const superuser = 'postgres';
export const standbyConfFile = 'standby.conf';

/** Replication slot names allow only [a-z0-9_]; node names are StatefulSet-like (`postgres-1`). */
export function slotName(node: string): string {
  return node.replace(/[^a-z0-9_]/g, '_');
}

/** A postgresql.conf value: numbers and booleans bare, strings single-quoted. */
export function confValue(value: SettingValue): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** The value of synchronous_standby_names that makes commits wait for `standby` (or for none). */
export function synchronousStandbyNames(standby: string | undefined): string {
  // Standby names are identifiers in this setting's grammar: a hyphen needs double quotes.
  return standby === undefined ? '' : `"${standby}"`;
}

export interface ClusterSettingsOptions {
  /** The standby commits wait for, when replication is synchronous. */
  synchronousStandby: string | undefined;
  settings?: Record<string, SettingValue>;
}

export function clusterSettings(options: ClusterSettingsOptions): Record<string, SettingValue> {
  return {
    listen_addresses: '127.0.0.1',
    max_connections: 200,
    wal_level: 'replica',
    max_wal_senders: 10,
    max_replication_slots: 10,
    hot_standby: true,
    // Queries on the standby do not get cancelled by vacuum on the primary.
    hot_standby_feedback: true,
    // Fresher replay positions in pg_stat_replication (default 10 s).
    wal_receiver_status_interval: '1s',
    // A standby whose primary is not there yet (first start, re-clone) retries sooner than the 5 s default.
    wal_retrieve_retry_interval: '200ms',
    // The lab's faults kill processes, not hosts: the OS page cache survives a SIGKILL, so fsync buys
    // nothing here and costs the shared 2-core machine. synchronous_commit stays on: it is what makes a
    // commit wait for the standby (RPO 0).
    fsync: false,
    synchronous_commit: 'on',
    synchronous_standby_names: synchronousStandbyNames(options.synchronousStandby),
    password_encryption: 'scram-sha-256',
    // Parallel queries' shared memory as files in the data dir, not POSIX segments in /dev/shm: a node
    // the lab SIGKILLs (failover, teardown) cannot unlink its segments, and /dev/shm would keep them
    // (hundreds of MB after a day of runs). The data dir, and these files with it, is removed on stop.
    dynamic_shared_memory_type: 'mmap',
    ...options.settings,
  };
}

/** Appended to initdb's postgresql.conf; later lines win, and standby.conf comes last. */
export function postgresqlConfAppendix(settings: Record<string, SettingValue>): string {
  const lines = Object.entries(settings).map(([name, value]) => `${name} = ${confValue(value)}`);
  return `\n# --- DhakaCart Lab (lab/runtime/local/database) ---\n${lines.join('\n')}\ninclude_if_exists = '${standbyConfFile}'\n`;
}

/** Loopback only; the local socket sits in a 0700 dir owned by the server's user. */
export function hbaConf(): string {
  return [
    '# DhakaCart Lab: loopback only, scram passwords.',
    'local   all          all                         trust',
    'host    all          all           127.0.0.1/32  scram-sha-256',
    `host    replication  ${replicationUser}    127.0.0.1/32  scram-sha-256`,
    '',
  ].join('\n');
}

export interface StandbyConfOptions {
  node: string;
  primaryPort: number;
  replicationPassword: string;
}

function conninfoValue(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function standbyConf(options: StandbyConfOptions): string {
  const conninfo = [
    'host=127.0.0.1',
    `port=${options.primaryPort}`,
    `user=${replicationUser}`,
    `password=${conninfoValue(options.replicationPassword)}`,
    // synchronous_standby_names on the primary refers to the standby by this name.
    `application_name=${options.node}`,
    'connect_timeout=2',
  ].join(' ');
  return [
    `primary_conninfo = ${confValue(conninfo)}`,
    `primary_slot_name = ${confValue(slotName(options.node))}`,
    '',
  ].join('\n');
}
