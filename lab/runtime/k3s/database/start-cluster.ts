import { createAppUser, prepareReplication, withClient } from '../../local/database/admin-sql.js';
import type { ClusterState } from './cluster-state.js';
import { ContainerNode } from './container-node.js';
import { waitForStreaming } from './replication-waits.js';

/**
 * The first start of the cluster: the primary container (initdb inside), its replication slot for the
 * standby and the app's login, then the standby container (a base backup of the primary through that
 * slot), and a wait until it streams, synchronously when asked. Each node joins `state.nodes` before its
 * container starts, so that stopping the cluster after a failure here removes whatever was made.
 */
export const nodeNames = ['postgres-0', 'postgres-1'] as const;

export async function bringUpNodes(state: ClusterState): Promise<void> {
  const { options, context } = state;
  const synchronous = options.synchronous ?? true;
  const primary = new ContainerNode(nodeNames[0], 'primary', context);
  const standby = new ContainerNode(nodeNames[1], 'standby', context);
  state.nodes.push(primary, standby);
  state.synchronousStandby = synchronous ? standby.name : undefined;

  await primary.start({ synchronousStandby: state.synchronousStandby });
  // Both run with synchronous_commit = local: no standby is there yet to wait for.
  await withClient(primary.adminUrl, async (client) => {
    await prepareReplication(client, context.replicationPassword, standby.name);
    await createAppUser(client, options.credentials);
  });
  await standby.start({ standbyOf: primary });
  await waitForStreaming(state, standby, synchronous);
}
