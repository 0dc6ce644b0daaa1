import {
  CoreV1Api,
  DiscoveryV1Api,
  makeInformer,
  NetworkingV1Api,
  type Informer,
  type KubeConfig,
  type KubernetesObject,
  type ListPromise,
} from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { ClusterEvent, WatchedObject } from '../cluster-state.js';

export interface Watches {
  stop(): Promise<void>;
}

/** Re-list and re-watch this long after a watch fails (API server restart, expired resourceVersion). */
const restartDelayMs = 1_000;

/**
 * Watches, cluster-wide, what nginx.conf is rendered from, and turns every change into a ClusterEvent.
 * Resolves once each informer has made its initial list, so the first render sees the whole cluster
 * (a render before that would answer 503 for Services not listed yet).
 */
export async function watchCluster(
  kc: KubeConfig,
  onEvent: (event: ClusterEvent) => void,
  log: Pick<Logger, 'warn' | 'info'>,
): Promise<Watches> {
  const networking = kc.makeApiClient(NetworkingV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  const discovery = kc.makeApiClient(DiscoveryV1Api);
  const informers: Informer<KubernetesObject>[] = [];
  const firstLists: Promise<void>[] = [];
  let stopped = false;

  const watch = <K extends WatchedObject['kind']>(
    kind: K,
    path: string,
    list: ListPromise<Extract<WatchedObject, { kind: K }>['object']>,
  ): void => {
    // informer.start() resolves even when its list failed (it reports an error instead), so the first
    // successful list is awaited on its own. setImmediate: the informer adds the listed items right
    // after the list's promise settles, before any immediate runs.
    let listed!: () => void;
    firstLists.push(new Promise<void>((resolve) => (listed = resolve)));
    const listOnce: typeof list = async () => {
      const result = await list();
      setImmediate(listed);
      return result;
    };
    const informer = makeInformer(kc, path, listOnce) as unknown as Informer<KubernetesObject>;
    const emit = (type: ClusterEvent['type']) => (object: KubernetesObject) =>
      onEvent({ type, kind, object } as ClusterEvent);
    informer.on('add', emit('upsert'));
    informer.on('update', emit('upsert'));
    informer.on('delete', emit('delete'));
    informer.on('error', (error: unknown) => {
      if (stopped) return;
      log.warn({ kind, err: error }, `watch of ${path} failed; re-listing in ${restartDelayMs} ms`);
      setTimeout(() => {
        if (!stopped) informer.start().catch(() => undefined);
      }, restartDelayMs);
    });
    informers.push(informer);
  };

  watch('IngressClass', '/apis/networking.k8s.io/v1/ingressclasses', () => networking.listIngressClass());
  watch('Ingress', '/apis/networking.k8s.io/v1/ingresses', () => networking.listIngressForAllNamespaces());
  watch('Service', '/api/v1/services', () => core.listServiceForAllNamespaces());
  watch('EndpointSlice', '/apis/discovery.k8s.io/v1/endpointslices', () =>
    discovery.listEndpointSliceForAllNamespaces(),
  );
  for (const informer of informers) informer.start().catch(() => undefined);
  await Promise.all(firstLists);
  log.info(
    { resources: ['ingressclasses', 'ingresses', 'services', 'endpointslices'] },
    'initial lists done',
  );
  return {
    async stop() {
      stopped = true;
      await Promise.all(informers.map((informer) => informer.stop()));
    },
  };
}
