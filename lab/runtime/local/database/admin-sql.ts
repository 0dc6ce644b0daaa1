import pg from 'pg';
import { replicationUser, slotName, synchronousStandbyNames } from './postgres-config.js';

/** The superuser statements the cluster runs on its nodes, each on a short-lived connection. */

export async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  // A node killed under an open connection emits 'error' on the client; the query's rejection says it all.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The role standbys connect as, and the slot that keeps the primary's WAL until `standby` has it.
 * `synchronous_commit = local`: these commits must not wait for a standby that cannot connect before
 * the role exists.
 */
export async function prepareReplication(
  client: pg.Client,
  password: string,
  standby: string,
): Promise<void> {
  await client.query(`SET synchronous_commit = local`);
  const exists = await client.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [replicationUser]);
  if (exists.rowCount === 0) {
    await client.query(
      `CREATE ROLE ${pg.escapeIdentifier(replicationUser)} WITH REPLICATION LOGIN PASSWORD ${pg.escapeLiteral(password)}`,
    );
  }
  await createSlot(client, standby);
}

/**
 * (Re)creates the standby's physical slot, reserving WAL from now (before any base backup starts). A
 * slot still held by the walsender of a standby that was just killed is released first.
 */
export async function createSlot(client: pg.Client, standby: string, timeoutMs = 5_000): Promise<void> {
  const slot = slotName(standby);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await client.query<{ active_pid: number | null }>(
      `SELECT active_pid FROM pg_replication_slots WHERE slot_name = $1`,
      [slot],
    );
    const existing = rows[0];
    if (!existing) break;
    if (existing.active_pid === null) {
      await client.query(`SELECT pg_drop_replication_slot($1)`, [slot]);
      break;
    }
    await client.query(`SELECT pg_terminate_backend($1)`, [existing.active_pid]);
    if (Date.now() > deadline) {
      throw new Error(
        `replication slot ${slot} is still in use by pid ${existing.active_pid} after ${timeoutMs} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await client.query(`SELECT pg_create_physical_replication_slot($1, true)`, [slot]);
}

export interface AppCredentials {
  user: string;
  password: string;
  database: string;
}

/** The shop's login (a scram password) and its database, owned by it. */
export async function createAppUser(client: pg.Client, app: AppCredentials): Promise<void> {
  if (app.user === replicationUser) {
    throw new Error(
      `the database user "${app.user}" is the lab's replication role; choose another user name in DATABASE_URL`,
    );
  }
  await client.query(`SET synchronous_commit = local`);
  const user = pg.escapeIdentifier(app.user);
  const role = await client.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [app.user]);
  const verb = role.rowCount === 0 ? 'CREATE' : 'ALTER';
  await client.query(`${verb} ROLE ${user} WITH LOGIN PASSWORD ${pg.escapeLiteral(app.password)}`);
  const db = await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [app.database]);
  if (db.rowCount === 0) {
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(app.database)} OWNER ${user}`);
  } else {
    await client.query(`ALTER DATABASE ${pg.escapeIdentifier(app.database)} OWNER TO ${user}`);
  }
}

/** Makes commits wait for `standby` (or for no standby), without a restart. */
export async function setSynchronousStandby(client: pg.Client, standby: string | undefined): Promise<void> {
  await client.query(
    `ALTER SYSTEM SET synchronous_standby_names = ${pg.escapeLiteral(synchronousStandbyNames(standby))}`,
  );
  await client.query(`SELECT pg_reload_conf()`);
}

export interface StandbyReplication {
  /** The standby's application_name, i.e. its node name. */
  name: string;
  /** pg_stat_replication.state: startup, catchup, streaming, backup, stopping. */
  state: string;
  /** pg_stat_replication.sync_state: async, potential, sync, quorum. */
  syncState: string;
  sentLsn: string | null;
  replayLsn: string | null;
  /** WAL bytes the standby has yet to replay (primary's current position minus replay position). */
  lagBytes: number | null;
}

export async function readStandbys(client: pg.Client): Promise<StandbyReplication[]> {
  const result = await client.query<{
    name: string;
    state: string;
    sync_state: string;
    sent_lsn: string | null;
    replay_lsn: string | null;
    lag_bytes: number | null;
  }>(
    `SELECT application_name AS name, state, sync_state, sent_lsn::text, replay_lsn::text,
            pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::float8 AS lag_bytes
       FROM pg_stat_replication ORDER BY application_name`,
  );
  return result.rows.map((row) => ({
    name: row.name,
    state: row.state,
    syncState: row.sync_state,
    sentLsn: row.sent_lsn,
    replayLsn: row.replay_lsn,
    lagBytes: row.lag_bytes,
  }));
}
