import type { FailoverResult } from '../../../control/lab-controller.js';
import { createSlot, setSynchronousStandby, withClient } from '../../local/database/admin-sql.js';
import { otherNode, primaryNode, sleep, type ClusterState } from './cluster-state.js';
import type { ContainerNode } from './container-node.js';
import type { FailoverOptions } from './database-cluster.js';
import { postgresPort } from './postgres-container.js';
import { replicationOf, waitForStreaming } from './replication-waits.js';

/**
 * The operations the lab's faults need, on containers: kill the primary's container as a lost host,
 * promote the standby, fail over (check, kill, detection delay, promote, re-point), re-clone the node that
 * is not primary as a fresh standby container. The cluster handle runs them one at a time.
 */
const promoteTimeoutMs = 60_000;
const recloneHint =
  're-clone one first (`lab fault db-reclone`; the control API: POST /database/reclone-standby)';

/**
 * Throws, having changed nothing, unless a failover can keep the data: the primary runs (there is
 * something to kill) and a standby streams from it (there is something to promote that has the commits).
 */
export async function assertFailoverPossible(state: ClusterState): Promise<ContainerNode> {
  const primary = primaryNode(state);
  const standby = otherNode(state);
  if (!standby?.running() || standby.role !== 'standby') {
    const what = standby ? ` (${standby.name} is ${standby.running() ? standby.role : 'down'})` : '';
    throw new Error(
      `cannot fail over: there is no running standby${what}; ${recloneHint}. Nothing was changed.`,
    );
  }
  if (!primary.running()) {
    throw new Error(
      `cannot fail over: the primary ${primary.name} is already down, so there is nothing to kill; promoteStandby() promotes ${standby.name}. Nothing was changed.`,
    );
  }
  const replication = await replicationOf(state, standby);
  if (replication?.state !== 'streaming') {
    const seen = replication ? `its state is ${replication.state}` : 'it is not connected';
    throw new Error(
      `cannot fail over: ${standby.name} is not streaming from ${primary.name} (${seen}), so it may miss acknowledged commits; ${recloneHint}. Nothing was changed.`,
    );
  }
  return standby;
}

/** Promotes the running standby, waits until it accepts writes, and makes it the cluster's primary. */
export async function promoteStandby(state: ClusterState): Promise<ContainerNode> {
  const node = otherNode(state);
  if (!node?.running() || node.role !== 'standby') {
    const what = node ? ` (${node.name} is ${node.running() ? node.role : 'down'})` : '';
    throw new Error(`there is no running standby to promote${what}; ${recloneHint}`);
  }
  node.note('promoting to primary (pg_promote)');
  await withClient(node.adminUrl, async (client) => {
    // pg_promote(wait => true) checks for the end of recovery only every 100 ms; polling
    // pg_is_in_recovery() every 10 ms takes up to ~90 ms off a failover with no detection delay.
    await client.query(`SELECT pg_promote(false)`);
    const deadline = Date.now() + promoteTimeoutMs;
    const overdue = () => {
      if (Date.now() > deadline) {
        throw new Error(
          `${node.name} did not finish promotion within ${promoteTimeoutMs} ms (${node.seeLogs})`,
        );
      }
    };
    for (;;) {
      const { rows } = await client.query<{ standby: boolean }>(`SELECT pg_is_in_recovery() AS standby`);
      if (!rows[0]?.standby) break;
      overdue();
      await sleep(10);
    }
    // Its synchronous_standby_names (copied from the old primary) names a standby that is not there:
    // commits would wait for ever.
    await setSynchronousStandby(client, undefined);
    // Out of recovery is not yet "takes writes": a transaction that gets an xid and commits is.
    for (;;) {
      try {
        await client.query(`SELECT pg_current_xact_id()`);
        break;
      } catch (error) {
        overdue();
        node.note(`not taking writes yet: ${String(error)}`);
        await sleep(10);
      }
    }
  });
  state.synchronousStandby = undefined;
  state.lastStandby = null;
  node.role = 'primary';
  primaryNode(state).role = 'standby';
  state.primaryIndex = state.nodes.indexOf(node);
  node.note('primary, taking writes');
  state.context.emit({ type: 'database-node-promoted', node: node.name });
  return node;
}

export async function failover(
  state: ClusterState,
  { detectionDelayMs, repoint }: FailoverOptions,
): Promise<FailoverResult> {
  await assertFailoverPossible(state);
  const oldPrimary = primaryNode(state);
  const killedAt = await oldPrimary.kill();
  await sleep(Math.max(0, killedAt.getTime() + detectionDelayMs - Date.now()));
  const promoted = await promoteStandby(state);
  const promotedAt = new Date();
  try {
    await repoint({
      node: promoted.name,
      host: promoted.name,
      port: postgresPort,
      address: promoted.address,
    });
  } catch (error) {
    throw new Error(`${promoted.name} was promoted, but re-pointing clients to it failed: ${String(error)}`, {
      cause: error,
    });
  }
  return {
    oldPrimary: oldPrimary.name,
    newPrimary: promoted.name,
    killedAt: killedAt.toISOString(),
    promotedAt: promotedAt.toISOString(),
    repointedAt: new Date().toISOString(),
  };
}

/**
 * Removes the node that is not primary (container and data) and starts a fresh container under its name
 * as a standby of the primary, from an online base backup through a new slot. Resolves once it streams,
 * and, when replication is synchronous, once it is the primary's synchronous standby.
 */
export async function recloneStandby(state: ClusterState): Promise<ContainerNode> {
  const primary = primaryNode(state);
  const target = otherNode(state)!;
  if (!primary.running()) {
    throw new Error(
      `cannot re-clone ${target.name}: the primary ${primary.name} is down; promote the standby first`,
    );
  }
  target.note(`re-cloning as a standby of ${primary.name}`);
  if (state.synchronousStandby === target.name) {
    // Commits would wait for a standby that is being replaced: run asynchronously until the new one streams.
    await withClient(primary.adminUrl, (c) => setSynchronousStandby(c, undefined));
    state.synchronousStandby = undefined;
  }
  await target.remove();
  state.lastStandby = null;
  await withClient(primary.adminUrl, (c) => createSlot(c, target.name));
  await target.start({ standbyOf: primary });
  await waitForStreaming(state, target, false);
  if (state.options.synchronous ?? true) {
    await withClient(primary.adminUrl, (c) => setSynchronousStandby(c, target.name));
    state.synchronousStandby = target.name;
    await waitForStreaming(state, target, true);
  }
  target.note(`streaming from ${primary.name}${state.synchronousStandby ? ' (synchronous)' : ''}`);
  return target;
}
