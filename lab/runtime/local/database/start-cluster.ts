import { createAppUser, prepareReplication, withClient } from './admin-sql.js';
import { type ClusterState } from './cluster-state.js';
import { copyDataDir } from './copy-data-dir.js';
import { ClusterNode } from './database-node.js';
import { initDataDir } from './init-data-dir.js';
import { clusterSettings } from './postgres-config.js';
import { waitForStreaming } from './replication-waits.js';

/**
 * The first start of the cluster: initdb once, copy the cleanly stopped data dir to the standby (faster
 * than an online backup, and it lets the standby start as soon as the primary has its slot), start the
 * primary, then the standby, and wait until it streams. Each node joins `state.nodes` as soon as it is
 * created, so that stopping the cluster after a failure here removes whatever was made.
 */
export async function bringUpNodes(state: ClusterState): Promise<void> {
  const { options, context } = state;
  const withStandby = options.standby ?? true;
  const synchronous = withStandby && (options.synchronous ?? true);
  const primary = await ClusterNode.create('postgres-0', 'primary', context);
  state.nodes.push(primary);
  const standby = withStandby ? await ClusterNode.create('postgres-1', 'standby', context) : undefined;
  if (standby) state.nodes.push(standby);
  state.synchronousStandby = synchronous ? standby?.name : undefined;

  const settings = clusterSettings({
    synchronousStandby: state.synchronousStandby,
    ...(options.settings ? { settings: options.settings } : {}),
  });
  await initDataDir({
    node: primary.name,
    tools: context.tools,
    nodeDir: primary.dir,
    superuserPassword: context.superuserPassword,
    settings,
    runId: options.runId,
    logFile: primary.logFile,
  });
  if (standby) {
    await copyDataDir(primary.dataDir, standby.dataDir, { ids: context.tools.ids, excludeWal: false });
  }
  await primary.start();
  if (standby) {
    await withClient(primary.adminUrl, (c) =>
      prepareReplication(c, context.replicationPassword, standby.name),
    );
    await standby.makeStandbyOf(primary.port);
    await Promise.all([standby.start(), withClient(primary.adminUrl, (c) => createAppUser(c, options))]);
    await waitForStreaming(state, standby, synchronous);
  } else {
    await withClient(primary.adminUrl, (c) => createAppUser(c, options));
  }
}
