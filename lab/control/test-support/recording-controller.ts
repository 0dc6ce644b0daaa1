import type {
  FailoverResult,
  KillAllButOneResult,
  LabController,
  LabStatus,
  LatencyFault,
  LinkName,
  NetworkFault,
  PodTarget,
  RolloutChange,
  RolloutResult,
} from '../lab-controller.js';

export type ControllerCall =
  | { method: 'killPod'; target: PodTarget }
  | { method: 'killAllButOne'; deployment: string; keep: string | undefined }
  | { method: 'pausePod'; target: PodTarget; forMs: number | undefined }
  | { method: 'resumePod'; pod: string }
  | { method: 'rollout'; deployment: string; change: RolloutChange }
  | { method: 'failoverDatabase' }
  | { method: 'recloneStandby' }
  | { method: 'addNetworkFault'; fault: NetworkFault }
  | { method: 'addLatency'; fault: LatencyFault }
  | { method: 'clearFaults'; link: LinkName | undefined }
  | { method: 'stop' };

/**
 * A LabController for testing the control server and the CLI (which are what those tests are about):
 * it records every call, keeps a small believable state (two Deployments of 3 pods, a primary and a
 * standby, latency toxics) and lets a test make the next call fail.
 */
export class RecordingController implements LabController {
  readonly calls: ControllerCall[] = [];
  /** The next fault method throws this, once. */
  failNext: Error | undefined;
  private latency: LatencyFault | undefined;
  private primary = 'postgres-0';
  private standby = 'postgres-1';
  private readonly paused = new Set<string>();

  constructor(
    readonly runId = 'test-lab',
    private readonly onCall: (call: ControllerCall) => void = () => {},
  ) {}

  status(): LabStatus {
    const deployment = (name: string, basePort: number) => ({
      name,
      desiredReplicas: 3,
      readyReplicas: 3,
      pods: [0, 1, 2].map((i) => ({
        name: `${name}-6d4cf56db6-${['a1b2c', 'd3e4f', 'g5h6i'][i]}`,
        deployment: name,
        phase: 'Running' as const,
        ready: true,
        restarts: 0,
        port: basePort + i,
        ...(this.paused.has(`${name}-6d4cf56db6-${['a1b2c', 'd3e4f', 'g5h6i'][i]}`) && {
          paused: { since: '2026-01-01T00:00:05.000Z' },
        }),
      })),
    });
    return {
      runId: this.runId,
      profile: 'local',
      readyAt: '2026-01-01T00:00:00.000Z',
      urls: {
        storefront: 'http://127.0.0.1:1/',
        api: 'http://127.0.0.1:1/api',
        control: 'http://127.0.0.1:2',
      },
      deployments: [deployment('backend', 41000), deployment('frontend', 42000)],
      database: {
        primary: { name: this.primary, port: 43000, role: 'primary' },
        standby: { name: this.standby, port: 43001, role: 'standby', replayLagBytes: 0 },
        synchronous: true,
        proxy: { listen: '127.0.0.1:43100', upstream: '127.0.0.1:43000' },
      },
      faults: [
        {
          link: 'backend-database',
          toxics: this.latency
            ? [
                {
                  name: 'latency',
                  type: 'latency',
                  attributes: { latency: this.latency.latencyMs, jitter: this.latency.jitterMs },
                },
              ]
            : [],
        },
      ],
      implementations: { toxiproxy: 'embedded', pods: 'local processes' },
    };
  }

  async killPod(target: PodTarget): Promise<{ pod: string }> {
    this.record({ method: 'killPod', target });
    const pod =
      'pod' in target
        ? target.pod
        : this.status().deployments.find((d) => d.name === target.deployment)!.pods[0]!.name;
    return { pod };
  }

  async killAllButOne(deployment: string, options: { keep?: string } = {}): Promise<KillAllButOneResult> {
    this.record({ method: 'killAllButOne', deployment, keep: options.keep });
    const pods = this.podsOf(deployment);
    const survivor = options.keep ?? pods[0]!;
    return { killed: pods.filter((p) => p !== survivor), survivor };
  }

  async pausePod(target: PodTarget, options: { forMs?: number } = {}): Promise<{ pod: string }> {
    this.record({ method: 'pausePod', target, forMs: options.forMs });
    const pod = 'pod' in target ? target.pod : this.podsOf(target.deployment)[0]!;
    this.paused.add(pod);
    return { pod };
  }

  async resumePod(pod: string): Promise<{ pod: string; resumed: boolean }> {
    this.record({ method: 'resumePod', pod });
    return { pod, resumed: this.paused.delete(pod) };
  }

  async rollout(deployment: string, change: RolloutChange = {}): Promise<RolloutResult> {
    this.record({ method: 'rollout', deployment, change });
    return { from: '6d4cf56db6', to: '7f9b8c5d4e', version: change.version ?? 'lab-1' };
  }

  async addNetworkFault(fault: NetworkFault): Promise<{ name: string }> {
    this.record({ method: 'addNetworkFault', fault });
    return { name: `${fault.type}_${fault.stream ?? 'downstream'}` };
  }

  async recloneStandby(): Promise<{ standby: string }> {
    this.record({ method: 'recloneStandby' });
    return { standby: 'postgres-0' };
  }

  async failoverDatabase(): Promise<FailoverResult> {
    this.record({ method: 'failoverDatabase' });
    const result = {
      oldPrimary: this.primary,
      newPrimary: this.standby,
      killedAt: '2026-01-01T00:00:10.000Z',
      promotedAt: '2026-01-01T00:00:12.500Z',
      repointedAt: '2026-01-01T00:00:12.600Z',
    };
    [this.primary, this.standby] = [this.standby, this.primary];
    return result;
  }

  async addLatency(fault: LatencyFault): Promise<void> {
    this.record({ method: 'addLatency', fault });
    this.latency = fault;
  }

  async clearFaults(link?: LinkName): Promise<void> {
    this.record({ method: 'clearFaults', link });
    this.latency = undefined;
  }

  async stop(): Promise<void> {
    this.calls.push({ method: 'stop' });
    this.onCall({ method: 'stop' });
  }

  private podsOf(deployment: string): string[] {
    return this.status()
      .deployments.find((d) => d.name === deployment)!
      .pods.map((p) => p.name);
  }

  private record(call: ControllerCall): void {
    this.calls.push(call);
    this.onCall(call);
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
  }
}
