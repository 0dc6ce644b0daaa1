import type { KubeConfig } from '@kubernetes/client-node';
import type {
  FailoverResult,
  LabController,
  LabStatus,
  LinkName,
  RolloutChange,
  RolloutResult,
} from '../../control/lab-controller.js';
import { linkNames } from '../../control/lab-controller.js';
import type { TopologyEvent } from '../topology.js';
import type { ClusterWatch } from './cluster/cluster-watch.js';
import { podFaults, rejected } from './cluster/pod-faults.js';
import { rolloutDeployment } from './cluster/rollout.js';
import type { StartedContainerDatabase } from './database/index.js';
import type { DatabaseLink } from './cluster/database-link.js';

export interface K3sLabParts {
  runId: string;
  readyAt: string;
  urls: LabStatus['urls'];
  kubeconfig: KubeConfig;
  watch: ClusterWatch;
  nodeContainerId: string;
  database: StartedContainerDatabase;
  /** The backend→database link: the toxiproxy container's `postgres` proxy. */
  databaseLink: DatabaseLink;
  failoverDetectionMs: number;
  implementations: Record<string, string>;
  emit: (event: TopologyEvent) => void;
  random?: () => number;
}

/**
 * The k3s profile's answers to `lab status` and `lab fault ...`, over the API server, containerd in the
 * node, the database containers and the toxiproxy container. Faults are announced as `fault-injected`
 * events with the same kinds as the local profile's, so one measurement serves both.
 */
export function k3sLabController(parts: K3sLabParts): Omit<LabController, 'stop'> {
  const { watch, database, databaseLink, emit } = parts;
  const pick = parts.random
    ? <T>(items: readonly T[]): T => items[Math.floor(parts.random!() * items.length)]!
    : undefined;
  const linkOf = (link: string) => {
    if (link === 'backend-database') return databaseLink;
    if ((linkNames as readonly string[]).includes(link))
      throw rejected(
        `link "${link}" is not available on the k3s profile yet (the in-cluster ingress reaches pods directly); links here: backend-database`,
      );
    throw rejected(`unknown link "${link}"; links: ${linkNames.join(', ')}`);
  };
  let rollouts = 0;
  return {
    status: (): LabStatus => ({
      runId: parts.runId,
      profile: 'k3s',
      readyAt: parts.readyAt,
      urls: parts.urls,
      deployments: watch.status(),
      database: {
        ...database.status(),
        proxy: { listen: databaseLink.listen, upstream: databaseLink.upstream },
      },
      faults: databaseLink.applied.length
        ? [{ link: 'backend-database' as LinkName, toxics: [...databaseLink.applied] }]
        : [],
      implementations: parts.implementations,
    }),
    ...podFaults({
      kubeconfig: parts.kubeconfig,
      watch,
      nodeContainerId: parts.nodeContainerId,
      emit,
      ...(pick && { pick }),
    }),
    rollout: async (deployment: string, change: RolloutChange = {}): Promise<RolloutResult> => {
      const version =
        change.version ?? change.env?.APP_VERSION ?? `lab-${Date.now().toString(36)}-${++rollouts}`;
      emit({ type: 'rollout-started', at: Date.now(), deployment, version });
      const result = await rolloutDeployment(parts.kubeconfig, watch, deployment, { ...change, version });
      emit({
        type: 'rollout-complete',
        at: Date.now(),
        deployment,
        version,
        from: result.from,
        to: result.to,
      });
      return result;
    },
    failoverDatabase: async (): Promise<FailoverResult> => {
      // Refused before anything is touched (no streaming standby): the message says to re-clone first.
      await database.checkFailoverPossible();
      emit({ type: 'fault-injected', at: Date.now(), kind: 'db-failover', target: database.primary.name });
      return database.failover({
        detectionDelayMs: parts.failoverDetectionMs,
        repoint: (target) => databaseLink.repoint(target.address),
      });
    },
    recloneStandby: async () => {
      const node = await database.recloneStandby();
      emit({ type: 'standby-recloned', at: Date.now(), node: node.name });
      return { standby: node.name };
    },
    addLatency: async (fault) => {
      const link = linkOf(fault.link);
      emit({ type: 'fault-injected', at: Date.now(), kind: 'latency', target: fault.link, ...fault });
      await link.addToxic({
        type: 'latency',
        attributes: { latency: fault.latencyMs, jitter: fault.jitterMs },
      });
    },
    addNetworkFault: async (fault) => {
      const link = linkOf(fault.link);
      emit({
        type: 'fault-injected',
        at: Date.now(),
        kind: `network-${fault.type}`,
        target: fault.link,
        toxic: fault,
      });
      return link.addToxic(fault);
    },
    clearFaults: async (link?: LinkName) => {
      if (link !== undefined) linkOf(link);
      emit({ type: 'faults-cleared', at: Date.now(), link: link ?? 'all' });
      await databaseLink.clear();
    },
  };
}
