import type {
  FailoverResult,
  LabController,
  LabStatus,
  LatencyFault,
  LinkName,
  NetworkFault,
  PodTarget,
} from '../../control/lab-controller.js';
import type { DatabaseProxy } from './database-proxy.js';
import type { StartedDatabaseCluster } from './database/database-cluster.js';
import type { DeploymentController } from './pods/deployment-controller.js';

export interface LocalLabParts {
  runId: string;
  readyAt: string;
  urls: LabStatus['urls'];
  deployments: ReadonlyMap<string, DeploymentController>;
  database: StartedDatabaseCluster;
  databaseProxy: DatabaseProxy;
  failoverDetectionMs: number;
  implementations: Record<string, string>;
  emit: (event: { type: string; at: number; [key: string]: unknown }) => void;
}

/**
 * The local profile's answers to `lab status` and `lab fault ...`: each fault acts the way its real
 * counterpart does (a pod-kill is a node failure under the pod, a failover is RDS losing its primary)
 * and is announced as an event at the moment it is injected, so a run can time what follows.
 */
export function localLabController(parts: LocalLabParts): Omit<LabController, 'stop'> {
  const { runId, readyAt, urls, deployments, database, databaseProxy, emit } = parts;
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
      faults: databaseProxy.applied.length
        ? [{ link: 'backend-database', toxics: databaseProxy.applied }]
        : [],
      implementations: parts.implementations,
    }),
    killPod: async (target: PodTarget) => {
      const { controller, pod } = findPod(deployments, target);
      emit({ type: 'fault-injected', at: Date.now(), kind: 'pod-kill', target: pod });
      // A node failure: no preStop, no SIGTERM; the ReplicaSet creates a replacement at once.
      await controller.deletePod(pod, { gracePeriodSeconds: 0 });
      return { pod };
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
      checkLink(fault.link);
      emit({ type: 'fault-injected', at: Date.now(), kind: 'latency', target: fault.link, ...fault });
      await databaseProxy.setLatency(fault.latencyMs, fault.jitterMs);
    },
    addNetworkFault: async (fault: NetworkFault) => {
      checkLink(fault.link);
      emit({
        type: 'fault-injected',
        at: Date.now(),
        kind: `network-${fault.type}`,
        target: fault.link,
        toxic: fault,
      });
      return databaseProxy.addToxic(fault);
    },
    clearFaults: async (link?: LinkName) => {
      if (link !== undefined) checkLink(link);
      emit({ type: 'faults-cleared', at: Date.now(), link: link ?? 'all' });
      await databaseProxy.clear();
    },
  };
}

function findPod(
  deployments: ReadonlyMap<string, DeploymentController>,
  target: PodTarget,
): { controller: DeploymentController; pod: string } {
  if ('pod' in target) {
    for (const controller of deployments.values()) {
      if (controller.pods().some((p) => p.name === target.pod)) return { controller, pod: target.pod };
    }
    const all = [...deployments.values()].flatMap((d) => d.pods().map((p) => p.name));
    throw Object.assign(
      new Error(`no pod named ${target.pod}; running pods: ${all.join(', ') || '(none)'}`),
      {
        exitCode: 2,
      },
    );
  }
  const controller = deployments.get(target.deployment);
  if (!controller) {
    throw Object.assign(
      new Error(
        `no Deployment named ${target.deployment}; Deployments: ${[...deployments.keys()].join(', ')}`,
      ),
      { exitCode: 2 },
    );
  }
  const ready = controller.pods().filter((p) => p.ready);
  const victim = ready[0] ?? controller.pods()[0];
  if (!victim) throw Object.assign(new Error(`Deployment ${target.deployment} has no pods`), { exitCode: 2 });
  return { controller, pod: victim.name };
}

function checkLink(link: string): void {
  if (link !== 'backend-database') {
    throw Object.assign(new Error(`unknown link "${link}"; links: backend-database`), { exitCode: 2 });
  }
}
