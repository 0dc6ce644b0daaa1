import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { KubeConfig, type KubernetesObject, type V1HorizontalPodAutoscaler } from '@kubernetes/client-node';
import { startControlServer } from '../../control/control-server.js';
import { allSettledOrThrow, progressSteps } from '../shared/bring-up.js';
import { CleanupStack } from '../shared/cleanup-stack.js';
import { newRunId, reapOrphans } from '../shared/run-label.js';
import { waitForShop } from '../shared/wait-for-shop.js';
import type { StartedTopology, StartTopology, TopologyOptions } from '../topology.js';
import { applyObjects } from './cluster/apply-objects.js';
import { ClusterWatch } from './cluster/cluster-watch.js';
import { inApplyOrder, renderOverlay, useBuiltImages, withExtraEnv } from './cluster/render-manifests.js';
import { DatabaseLink } from './cluster/database-link.js';
import { waitForDeployments } from './cluster/wait-for-deployments.js';
import { requireDocker } from './docker/docker-cli.js';
import {
  createLabNetwork,
  createLabVolume,
  listLabResources,
  reapDeadLabs,
  removeLabResources,
} from './docker/lab-resources.js';
import { k3sLabController } from './k3s-lab-controller.js';
import { importImagesWhenReady } from './node/import-images.js';
import { describeStartedNode, KubernetesNodeContainer, nodePorts } from './node/node-container.js';
import { startContainerDatabase } from './database/index.js';
import { labDatabaseCredentials } from './cluster/lab-secret.js';
import { ensureImages } from './images/index.js';
import { ingressControllerObjects } from './ingress/ingress-objects.js';
import { startToxiproxyContainer } from './toxiproxy/index.js';
import { saveContainerLogs } from './docker/container-logs.js';
import { configureTestcontainers } from './docker/testcontainers-env.js';

/** The namespace the shop's manifests put everything in (k8s/base/namespace). */
const shopNamespace = 'dhakacart';
const defaultFailoverDetectionMs = 2000;

/**
 * The `k3s` profile: the shop on a real Kubernetes node in one container, beside a PostgreSQL primary
 * and streaming standby and the real toxiproxy-server, all on one labelled Docker network. Bring-up
 * order: images (built when missing) → network → node ∥ database ∥ toxiproxy → images into the node →
 * the `lab` overlay rendered and server-side applied, plus the in-cluster ingress controller and the
 * `postgres` Service's endpoints (toxiproxy, in front of the primary) → every Deployment available →
 * the storefront answering through the ingress on 127.0.0.1 → the control API. Teardown in reverse,
 * and everything carries the run's labels, so the next start reaps what a `kill -9` left.
 */
export const startTopology: StartTopology = async (options: TopologyOptions): Promise<StartedTopology> => {
  configureTestcontainers();
  const progress = options.onProgress ?? (() => {});
  const emit = options.onEvent ?? (() => {});
  const step = progressSteps(progress);

  await step('docker', requireDocker, (d) => `Docker ${d.serverVersion}`);
  await Promise.all([reapOrphans(), reapDeadLabs()]);
  const runId = options.runId ?? newRunId();
  const logsDir = options.logsDir ?? path.join(options.repoRoot, 'reports', runId, 'logs');
  await mkdir(logsDir, { recursive: true });
  const manifestsDir = path.resolve(options.repoRoot, options.manifestsDir ?? 'k8s');
  const readyTimeoutMs = options.readyTimeoutMs ?? 180_000;

  // Built when missing (content-addressed: nothing is rebuilt when nothing changed); each image is a step.
  const images = await ensureImages(['node', 'backend', 'frontend', 'postgres', 'toxiproxy', 'ingress'], {
    onProgress: progress,
  });
  const nodeImage = options.nodeImage ?? images.node;

  const cleanup = new CleanupStack();
  // Whatever happens below, every labelled resource of this run goes at the end (a part that failed
  // half-way may have left a container its own stop() does not know of).
  cleanup.push('docker resources', async () => removeLabResources(await listLabResources({ runId })));
  // The containers' logs (the pods' and the node components' too) are kept in logs/ before anything is
  // removed, so a failed start or a run's report can show what the node and the database said.
  let stopping: Promise<void> | undefined;
  const teardown = () =>
    (stopping ??= saveContainerLogs(runId, logsDir)
      .catch(() => undefined)
      .then(() => cleanup.run()));
  try {
    const network = await createLabNetwork(runId);
    let imported: Promise<void> = Promise.reject(new Error('the node container was never created'));
    imported.catch(() => undefined);
    const [node, database, toxiproxy] = await allSettledOrThrow([
      step(
        'node',
        async () => {
          const volumes = {
            containerd: await createLabVolume(runId, 'node-containerd'),
            kubelet: await createLabVolume(runId, 'node-kubelet'),
          };
          const container = await new KubernetesNodeContainer(nodeImage)
            .withOnCreated((id) => {
              imported = importImagesWhenReady(id, [images.backend, images.frontend, images.ingress]);
              imported.catch(() => undefined); // awaited below; a start that fails first must not leave it unhandled
            })
            .withRun(runId, 'node')
            .withStateVolumes(volumes)
            .withLabNetwork(network, 'node')
            .withExposedPorts(nodePorts.apiServer, {
              container: nodePorts.ingress,
              host: options.ingressPort ?? 0,
            } as never)
            .start();
          cleanup.push('node', () =>
            container.stop({ remove: true, removeVolumes: true }).then(() => undefined),
          );
          return describeStartedNode(container);
        },
        (n) => n.release,
      ),
      step(
        'database',
        async () => {
          const started = await startContainerDatabase({
            runId,
            network,
            image: images.postgres,
            credentials: await labDatabaseCredentials(manifestsDir),
            synchronous: options.database?.synchronous ?? true,
            logsDir,
            onEvent: emit,
          });
          cleanup.push('database', () => started.stop());
          return started;
        },
        (d) => `${d.primary.name} primary, ${d.standby?.name ?? 'no'} standby`,
      ),
      step(
        'toxiproxy',
        async () => {
          const started = await startToxiproxyContainer({ runId, network, image: images.toxiproxy, logsDir });
          cleanup.push('toxiproxy', () => started.stop());
          return started;
        },
        (t) => t.description,
      ),
    ]);
    const kubeconfig = new KubeConfig();
    kubeconfig.loadFromString(node.kubeconfig);
    const databaseLink = await DatabaseLink.start(toxiproxy, database.primary.address, {
      kubeconfig,
      namespace: shopNamespace,
      service: 'postgres',
    });
    const objects = await step(
      'manifests',
      async () => {
        await imported;
        const rendered = await renderOverlay(node.container.getId(), manifestsDir);
        useBuiltImages(rendered, { backend: images.backend, frontend: images.frontend });
        withExtraEnv(rendered, options.env);
        const all: KubernetesObject[] = [
          ...rendered,
          ...databaseLink.endpointObjects(),
          ...ingressControllerObjects({ image: images.ingress, nodePort: nodePorts.ingress }),
        ];
        await applyObjects(kubeconfig, inApplyOrder(all));
        return all;
      },
      (all) => `${all.length} objects applied (server-side)`,
    );

    const autoscalers = new Map(
      objects
        .filter((o): o is V1HorizontalPodAutoscaler => o.kind === 'HorizontalPodAutoscaler')
        .map((h) => [h.spec!.scaleTargetRef.name, h.metadata!.name!]),
    );
    const watch = new ClusterWatch(kubeconfig, shopNamespace, emit, autoscalers);
    await watch.start();
    cleanup.push('cluster watch', () => watch.stop());

    await step(
      'pods',
      () => waitForDeployments(watch, readyTimeoutMs),
      (s) => s,
    );
    const urls = { storefront: `${node.ingressUrl}/`, api: `${node.ingressUrl}/api`, control: '' };
    await step('ingress', () => waitForShop(urls, readyTimeoutMs));

    const implementations = {
      pods: `${node.release}, one node container (${nodeImage})`,
      ingress: 'nginx (Debian) rendered from the Ingress by the lab ingress controller, in the cluster',
      database: `PostgreSQL containers (primary + streaming ${options.database?.synchronous === false ? 'asynchronous' : 'synchronous'} standby), ${images.postgres}`,
      toxiproxy: toxiproxy.description,
    };
    const controller = k3sLabController({
      runId,
      readyAt: new Date().toISOString(),
      urls,
      kubeconfig,
      watch,
      nodeContainerId: node.container.getId(),
      database,
      databaseLink,
      failoverDetectionMs: options.database?.failoverDetectionMs ?? defaultFailoverDetectionMs,
      implementations,
      emit,
      ...(options.random && { random: options.random }),
    });
    const lab: StartedTopology = {
      runId,
      logsDir,
      urls,
      database,
      ...controller,
      stop: teardown,
      [Symbol.asyncDispose]: teardown,
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
    await teardown().catch((failure: unknown) => {
      throw new AggregateError([error, failure], `${(error as Error).message} (and teardown failed too)`, {
        cause: error,
      });
    });
    throw error;
  }
};
