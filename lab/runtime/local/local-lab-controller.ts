import type {
  FailoverResult,
  LabController,
  LabStatus,
  LatencyFault,
  LinkName,
  NetworkFault,
  RolloutChange,
  RolloutResult,
} from '../../control/lab-controller.js';
import { linkNames } from '../../control/lab-controller.js';
import type { DatabaseProxy } from './database-proxy.js';
import type { StartedDatabaseCluster } from './database/database-cluster.js';
import type { ToxicLink } from '../shared/link-toxics.js';
import { findDeployment, podFaults, rejected } from './pod-faults.js';
import type { DeploymentController } from './pods/deployment-controller.js';

export interface LocalLabParts {
  runId: string;
  readyAt: string;
  urls: LabStatus['urls'];
  deployments: ReadonlyMap<string, DeploymentController>;
  database: StartedDatabaseCluster;
  databaseProxy: DatabaseProxy;
  /** The ingress→backend link (a Toxiproxy proxy per backend pod). */
  ingressBackend: ToxicLink;
  failoverDetectionMs: number;
  implementations: Record<string, string>;
  emit: (event: { type: string; at: number; [key: string]: unknown }) => void;
}

/**
 * The local profile's answers to `lab status` and `lab fault ...`: each fault acts the way its real
 * counterpart does (a pod-kill is a node failure under the pod, a failover is RDS losing its primary,
 * latency is a toxic on the link's Toxiproxy proxies) and is announced as an event at the moment it is
 * injected, so a run can time what follows.
 */
export function localLabController(parts: LocalLabParts): Omit<LabController, 'stop'> {
  const { runId, readyAt, urls, deployments, database, databaseProxy, emit } = parts;
  const links = new Map<LinkName, ToxicLink>([
    ['ingress-backend', parts.ingressBackend],
    ['backend-database', databaseProxy],
  ]);
  const linkOf = (link: string): ToxicLink => {
    const found = links.get(link as LinkName);
    if (!found) throw rejected(`unknown link "${link}"; links: ${linkNames.join(', ')}`);
    return found;
  };
  let rollouts = 0;
  return {
    status: (): LabStatus => ({
      runId,
      profile: 'local',
      readyAt,
      urls,
      deployments: [...deployments.values()].map((d) => d.status()),
      database: {
        ...database.status(),
        proxy: { listen: databaseProxy.listen, upstream: databaseProxy.upstream },
      },
      faults: linkNames.flatMap((link) => {
        const toxics = links.get(link)!.applied;
        return toxics.length ? [{ link, toxics: [...toxics] }] : [];
      }),
      implementations: parts.implementations,
    }),
    ...podFaults(deployments, emit),
    rollout: async (deployment: string, change: RolloutChange = {}): Promise<RolloutResult> => {
      const controller = findDeployment(deployments, deployment);
      const version =
        change.version ?? change.env?.APP_VERSION ?? `lab-${Date.now().toString(36)}-${++rollouts}`;
      emit({ type: 'rollout-started', at: Date.now(), deployment, version });
      const { from, to } = await controller.rollout({ env: { ...change.env, APP_VERSION: version } });
      emit({ type: 'rollout-complete', at: Date.now(), deployment, version, from, to });
      return { from, to, version };
    },
    failoverDatabase: async (): Promise<FailoverResult> => {
      emit({ type: 'fault-injected', at: Date.now(), kind: 'db-failover', target: database.primary.name });
      return database.failover({
        detectionDelayMs: parts.failoverDetectionMs,
        repoint: (node) => databaseProxy.repoint(node),
      });
    },
    recloneStandby: async () => {
      const node = await database.recloneStandby();
      emit({ type: 'standby-recloned', at: Date.now(), node: node.name });
      return { standby: node.name };
    },
    addLatency: async (fault: LatencyFault) => {
      const link = linkOf(fault.link);
      emit({ type: 'fault-injected', at: Date.now(), kind: 'latency', target: fault.link, ...fault });
      await link.addToxic({
        type: 'latency',
        attributes: { latency: fault.latencyMs, jitter: fault.jitterMs },
      });
    },
    addNetworkFault: async (fault: NetworkFault) => {
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
      const cleared = link !== undefined ? [linkOf(link)] : [...links.values()];
      emit({ type: 'faults-cleared', at: Date.now(), link: link ?? 'all' });
      const results = await Promise.allSettled(cleared.map((l) => l.clear()));
      const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      if (failures.length === 1) throw failures[0];
      if (failures.length > 1) throw new AggregateError(failures, 'clearing network faults failed');
    },
  };
}
