import {
  AppsV1Api,
  CoreV1Api,
  DiscoveryV1Api,
  makeInformer,
  type Informer,
  type KubeConfig,
  type KubernetesObject,
  type ObjectCache,
  type V1Deployment,
  type V1EndpointSlice,
  type V1Pod,
} from '@kubernetes/client-node';
import type { DeploymentStatus } from '../../../control/lab-controller.js';
import type { TopologyEvent } from '../../topology.js';
import { deploymentOf, isReady, podStatus } from './pod-view.js';

/**
 * The shop's namespace as the API server sees it, kept current by informers (list + watch), so that
 * `status()` answers at once (the LabController contract is synchronous, the status line refreshes every
 * second) and every change becomes an event the moment the watch delivers it: `pod-created`, `ready`,
 * `unready`, `deleted`, `endpoint-added`, `endpoint-removed` and `scaled`, with the field names the local
 * profile's events use, so the measurement (time to detect) reads both profiles alike.
 */
export class ClusterWatch {
  readonly #pods: Informer<V1Pod> & ObjectCache<V1Pod>;
  readonly #deployments: Informer<V1Deployment> & ObjectCache<V1Deployment>;
  readonly #slices: Informer<V1EndpointSlice> & ObjectCache<V1EndpointSlice>;
  /** Pod name → ready, as last seen; endpoint slice name → ready pod endpoints. */
  readonly #ready = new Map<string, boolean>();
  readonly #endpoints = new Map<string, Set<string>>();
  readonly #replicas = new Map<string, number>();
  #stopped = false;

  constructor(
    kubeconfig: KubeConfig,
    readonly namespace: string,
    private readonly emit: (event: TopologyEvent) => void,
    /** Deployment → the HorizontalPodAutoscaler that scales it, to say who changed the replicas. */
    private readonly autoscalers: ReadonlyMap<string, string> = new Map(),
  ) {
    const core = kubeconfig.makeApiClient(CoreV1Api);
    const apps = kubeconfig.makeApiClient(AppsV1Api);
    const discovery = kubeconfig.makeApiClient(DiscoveryV1Api);
    this.#pods = makeInformer(kubeconfig, `/api/v1/namespaces/${namespace}/pods`, () =>
      core.listNamespacedPod({ namespace }),
    );
    this.#deployments = makeInformer(kubeconfig, `/apis/apps/v1/namespaces/${namespace}/deployments`, () =>
      apps.listNamespacedDeployment({ namespace }),
    );
    this.#slices = makeInformer(
      kubeconfig,
      `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices`,
      () => discovery.listNamespacedEndpointSlice({ namespace }),
    );
    for (const verb of ['add', 'update'] as const) {
      this.#pods.on(verb, (pod) => this.#podChanged(pod, verb === 'add'));
      this.#slices.on(verb, (slice) => this.#sliceChanged(slice));
      this.#deployments.on(verb, (d) => this.#deploymentChanged(d));
    }
    this.#pods.on('delete', (pod) => this.#podDeleted(pod));
    this.#slices.on('delete', (slice) => this.#sliceChanged(slice, true));
    // A watch that drops (API server restart, timeout) is restarted after a short pause, as client-go's
    // reflector does; the informer relists, so nothing is missed for the status.
    for (const informer of [this.#pods, this.#deployments, this.#slices] as Informer<KubernetesObject>[])
      informer.on('error', () => {
        if (!this.#stopped) setTimeout(() => void informer.start().catch(() => undefined), 500);
      });
  }

  async start(): Promise<void> {
    await Promise.all([this.#pods.start(), this.#deployments.start(), this.#slices.start()]);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.allSettled([this.#pods.stop(), this.#deployments.stop(), this.#slices.stop()]);
  }

  pods(deployment?: string): V1Pod[] {
    return this.#pods
      .list(this.namespace)
      .filter((p) => deployment === undefined || deploymentOf(p) === deployment)
      .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  }

  deployment(name: string): V1Deployment | undefined {
    return this.#deployments.get(name, this.namespace);
  }

  deploymentNames(): string[] {
    return this.#deployments
      .list(this.namespace)
      .map((d) => d.metadata?.name ?? '')
      .sort();
  }

  status(): DeploymentStatus[] {
    return this.deploymentNames().map((name) => {
      const pods = this.pods(name).map(podStatus);
      return {
        name,
        desiredReplicas: this.deployment(name)?.spec?.replicas ?? 0,
        readyReplicas: pods.filter((p) => p.ready).length,
        pods,
      };
    });
  }

  #podChanged(pod: V1Pod, added: boolean): void {
    const name = pod.metadata?.name ?? '';
    const base = { pod: name, deployment: deploymentOf(pod) ?? '' };
    if (added && !this.#ready.has(name))
      this.emit({
        type: 'pod-created',
        at: Date.now(),
        ...base,
        templateHash: pod.metadata?.labels?.['pod-template-hash'] ?? '',
      });
    const ready = isReady(pod);
    const was = this.#ready.get(name) ?? false;
    this.#ready.set(name, ready);
    if (ready && !was) this.emit({ type: 'ready', at: Date.now(), ...base });
    if (!ready && was)
      this.emit({
        type: 'unready',
        at: Date.now(),
        ...base,
        reason: pod.metadata?.deletionTimestamp
          ? 'terminating'
          : 'readiness probe failed or container exited',
      });
    if (pod.metadata?.deletionTimestamp && was !== ready)
      this.emit({
        type: 'terminating',
        at: Date.now(),
        ...base,
        gracePeriodSeconds: pod.metadata.deletionGracePeriodSeconds ?? 0,
      });
  }

  #podDeleted(pod: V1Pod): void {
    const name = pod.metadata?.name ?? '';
    const was = this.#ready.get(name) ?? false;
    this.#ready.delete(name);
    const base = { pod: name, deployment: deploymentOf(pod) ?? '' };
    if (was) this.emit({ type: 'unready', at: Date.now(), ...base, reason: 'deleted' });
    this.emit({
      type: 'deleted',
      at: Date.now(),
      ...base,
      phase: pod.status?.phase === 'Succeeded' ? 'Succeeded' : 'Failed',
    });
  }

  #sliceChanged(slice: V1EndpointSlice, deleted = false): void {
    const key = slice.metadata?.name ?? '';
    const service = slice.metadata?.labels?.['kubernetes.io/service-name'] ?? key;
    const now = new Set(
      deleted
        ? []
        : (slice.endpoints ?? [])
            .filter((e) => e.conditions?.ready !== false && e.targetRef?.kind === 'Pod')
            .map((e) => e.targetRef!.name!),
    );
    const before = this.#endpoints.get(key) ?? new Set<string>();
    this.#endpoints.set(key, now);
    const deploymentOfPod = (pod: string) => {
      const found = this.#pods.get(pod, this.namespace);
      return (found && deploymentOf(found)) ?? '';
    };
    for (const pod of now)
      if (!before.has(pod))
        this.emit({ type: 'endpoint-added', at: Date.now(), pod, deployment: deploymentOfPod(pod), service });
    for (const pod of before)
      if (!now.has(pod))
        this.emit({
          type: 'endpoint-removed',
          at: Date.now(),
          pod,
          deployment: deploymentOfPod(pod),
          service,
          reason: 'not ready or gone',
        });
  }

  #deploymentChanged(deployment: V1Deployment): void {
    const name = deployment.metadata?.name ?? '';
    const replicas = deployment.spec?.replicas ?? 0;
    const before = this.#replicas.get(name);
    this.#replicas.set(name, replicas);
    if (before !== undefined && before !== replicas) {
      const autoscaler = this.autoscalers.get(name);
      this.emit({
        type: 'scaled',
        at: Date.now(),
        deployment: name,
        target: name,
        from: before,
        to: replicas,
        ...(autoscaler && { autoscaler }),
      });
    }
  }
}
