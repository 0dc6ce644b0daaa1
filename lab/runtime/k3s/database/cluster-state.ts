import type { StandbyReplication } from '../../local/database/admin-sql.js';
import type { ContainerDatabaseOptions } from './database-cluster.js';
import type { ContainerDatabaseNode, ContainerNode, NodeContext } from './container-node.js';

/**
 * What the cluster's jobs (first start, replication waits, failover and re-clone) share: the two nodes,
 * which of them is primary, and what replication looks like now. The cluster handle owns it; the jobs
 * read and update it (the same split as the local profile's lab/runtime/local/database/cluster-state.ts).
 */
export interface ClusterState {
  readonly options: ContainerDatabaseOptions;
  readonly context: NodeContext;
  readonly nodes: ContainerNode[];
  primaryIndex: number;
  /** The standby named in synchronous_standby_names on the primary now. */
  synchronousStandby: string | undefined;
  lastStandby: StandbyReplication | null;
}

export function primaryNode(state: ClusterState): ContainerNode {
  return state.nodes[state.primaryIndex]!;
}

export function otherNode(state: ClusterState): ContainerNode | undefined {
  return state.nodes[1 - state.primaryIndex];
}

/** The node as the handle shows it, with the app user's URL through its published port. */
export function nodeInfo(state: ClusterState, node: ContainerNode): ContainerDatabaseNode {
  const { user, password, database } = state.options.credentials;
  const e = encodeURIComponent;
  return node.info((port) => `postgres://${e(user)}:${e(password)}@127.0.0.1:${port}/${e(database)}`);
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
