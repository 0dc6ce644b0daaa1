import { readStandbys, withClient, type StandbyReplication } from '../../local/database/admin-sql.js';
import { assertPrimaryRuns, otherNode, primaryNode, sleep, type ClusterState } from './cluster-state.js';
import type { ContainerNode } from './container-node.js';

/** The standby as the primary sees it in pg_stat_replication, or undefined when it is not connected. */
export async function replicationOf(
  state: ClusterState,
  standby: ContainerNode,
): Promise<StandbyReplication | undefined> {
  const standbys = await withClient(primaryNode(state).adminUrl, readStandbys);
  return standbys.find((s) => s.name === standby.name);
}

/** Resolves once `standby` streams from the primary (and, when `synchronous`, is its sync standby). */
export async function waitForStreaming(
  state: ClusterState,
  standby: ContainerNode,
  synchronous: boolean,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: StandbyReplication | undefined;
  await withClient(primaryNode(state).adminUrl, async (client) => {
    for (;;) {
      last = (await readStandbys(client)).find((s) => s.name === standby.name);
      if (last?.state === 'streaming' && (!synchronous || last.syncState === 'sync')) return;
      if (!standby.running()) {
        throw new Error(`${standby.name} stopped before it streamed from the primary (${standby.seeLogs})`);
      }
      if (Date.now() > deadline) {
        const seen = last ? `state ${last.state}, sync_state ${last.syncState}` : 'not connected';
        throw new Error(
          `${standby.name} was not streaming${synchronous ? ' synchronously' : ''} from ${primaryNode(state).name} within ${timeoutMs} ms (${seen}; ${standby.seeLogs})`,
        );
      }
      await sleep(20);
    }
  });
}

/** Resolves once the standby has replayed everything the primary had written when called. */
export async function waitForStandbyCaughtUp(state: ClusterState, timeoutMs: number): Promise<void> {
  assertPrimaryRuns(state, 'wait for the standby');
  const standby = otherNode(state);
  if (!standby?.running()) throw new Error(`there is no running standby to wait for; re-clone one first`);
  await withClient(primaryNode(state).adminUrl, async (client) => {
    const target = (await client.query<{ lsn: string }>(`SELECT pg_current_wal_lsn()::text AS lsn`)).rows[0]!
      .lsn;
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
          `${standby.name} did not replay up to ${target} within ${timeoutMs} ms (${standby.seeLogs})`,
        );
      }
      await sleep(20);
    }
  });
}
