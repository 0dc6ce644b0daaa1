import type { FailoverResult } from '../../../control/lab-controller.js';
import { createSlot, setSynchronousStandby, withClient } from './admin-sql.js';
import { onlineBaseBackup } from './base-backup.js';
import { otherNode, primaryNode, sleep, type ClusterState } from './cluster-state.js';
import type { FailoverOptions } from './database-cluster.js';
import type { ClusterNode } from './database-node.js';
import { waitForStreaming } from './replication-waits.js';

/**
 * The operations the lab's faults need: kill the primary as a crashed host, promote the standby, fail
 * over (kill, detection delay, promote, re-point), re-clone the old primary as the new standby (an online
 * base backup of the running primary: base-backup.ts). The cluster handle runs them one at a time.
 */

const promoteTimeoutMs = 60_000;

/** Takes the node down as a lost host (ClusterNode.crash: frozen, connections left hanging); returns when. */
export async function killNode(node: ClusterNode): Promise<Date> {
  const killedAt = new Date();
  node.crash();
  await node.note(
    'lost as a host (lab fault: host failure): postmaster and children frozen at once, its connections left hanging; killed when re-cloned or stopped',
  );
  return killedAt;
}

/**
 * Throws, naming what to do instead, unless a failover can complete: a running primary to lose and a
 * running standby to promote. Checked before anything is touched, so a refused failover changes nothing
 * (it used to kill the primary first and leave the shop without a database).
 */
export function assertFailoverPossible(state: ClusterState): ClusterNode {
  const primary = primaryNode(state);
  if (!primary.running()) {
    throw new Error(
      `the primary ${primary.name} is down, so there is nothing to fail over from; re-clone the standby ` +
        '(`lab fault db-reclone`) after promoting, or restart the lab',
    );
  }
  const node = otherNode(state);
  if (!node?.running() || node.role !== 'standby') {
    throw new Error(
      `there is no running standby to promote${node ? ` (${node.name} is ${node.running() ? node.role : 'down'})` : ''}; ` +
        're-clone one first (`lab fault db-reclone`); nothing was changed',
    );
  }
  return node;
}

/** Promotes the running standby and makes it the cluster's primary. */
export async function promoteStandby(state: ClusterState): Promise<ClusterNode> {
  const node = otherNode(state);
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
  state.synchronousStandby = undefined;
  state.lastStandby = null;
  node.role = 'primary';
  primaryNode(state).role = 'standby';
  state.primaryIndex = state.nodes.indexOf(node);
  return node;
}

export async function failover(
  state: ClusterState,
  { detectionDelayMs, repoint }: FailoverOptions,
): Promise<FailoverResult> {
  assertFailoverPossible(state);
  const oldPrimary = primaryNode(state).name;
  const killedAt = await killNode(primaryNode(state));
  await sleep(Math.max(0, killedAt.getTime() + detectionDelayMs - Date.now()));
  const promoted = await promoteStandby(state);
  const promotedAt = new Date();
  try {
    await repoint({ host: '127.0.0.1', port: promoted.port, node: promoted.name });
  } catch (error) {
    throw new Error(`${promoted.name} was promoted, but re-pointing clients to it failed: ${String(error)}`, {
      cause: error,
    });
  }
  return {
    oldPrimary,
    newPrimary: promoted.name,
    killedAt: killedAt.toISOString(),
    promotedAt: promotedAt.toISOString(),
    repointedAt: new Date().toISOString(),
  };
}

/** Wipes the node that is not primary and makes it a streaming standby of the primary again. */
export async function recloneStandby(state: ClusterState): Promise<ClusterNode> {
  const primary = primaryNode(state);
  const target = otherNode(state);
  if (!target) {
    throw new Error(`the cluster was started with standby: false, so there is no node to re-clone`);
  }
  if (!primary.running()) {
    throw new Error(`cannot re-clone ${target.name}: the primary ${primary.name} is down; promote first`);
  }
  await target.note(`re-cloning as a standby of ${primary.name} (online base backup)`);
  await target.halt('kill');
  await target.wipeDataDir();
  await withClient(primary.adminUrl, (c) => createSlot(c, target.name));
  await onlineBaseBackup({
    primaryUrl: primary.adminUrl,
    primaryDataDir: primary.dataDir,
    targetDataDir: target.dataDir,
    ids: state.context.tools.ids,
    label: `dhakacart-lab re-clone of ${target.name}`,
  });
  await target.makeStandbyOf(primary.port);
  await target.start();
  await waitForStreaming(state, target, false);
  if (state.options.synchronous ?? true) {
    await withClient(primary.adminUrl, (c) => setSynchronousStandby(c, target.name));
    state.synchronousStandby = target.name;
    await waitForStreaming(state, target, true);
  }
  return target;
}
