import type { AppCredentials, StandbyReplication } from './admin-sql.js';
import type { ClusterNode, DatabaseNode, NodeContext } from './database-node.js';
import type { DatabaseClusterOptions } from './database-cluster.js';

/**
 * What the cluster's jobs (first start, replication waits, failover and re-clone) share: the nodes, which
 * of them is primary, and what replication looks like now. The DatabaseCluster handle owns it; the jobs
 * read and update it.
 */
export interface ClusterState {
  readonly options: DatabaseClusterOptions;
  readonly context: NodeContext;
  readonly nodes: ClusterNode[];
  primaryIndex: number;
  /** The standby named in synchronous_standby_names on the primary now. */
  synchronousStandby: string | undefined;
  lastStandby: StandbyReplication | null;
}

export function primaryNode(state: ClusterState): ClusterNode {
  return state.nodes[state.primaryIndex]!;
}

export function otherNode(state: ClusterState): ClusterNode | undefined {
  return state.nodes[1 - state.primaryIndex];
}

/** The node as the handle shows it, with the app user's URL. */
export function nodeInfo(state: ClusterState, node: ClusterNode): DatabaseNode {
  return node.info((port) => appUrl(state.options, port));
}

function appUrl({ user, password, database }: AppCredentials, port: number): string {
  const e = encodeURIComponent;
  return `postgres://${e(user)}:${e(password)}@127.0.0.1:${port}/${e(database)}`;
}

export function assertPrimaryRuns(state: ClusterState, what: string): void {
  const primary = primaryNode(state);
  if (!primary.running()) {
    throw new Error(`cannot ${what}: the primary ${primary.name} is down; promote the standby first`);
  }
}

export const sleep = (ms: number, { unref = false } = {}) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    if (unref) timer.unref();
  });
