/**
 * The lab's ingress controller, as it runs in its pod (ingress-objects.ts): watches the cluster with the pod's
 * ServiceAccount, renders nginx.conf, runs Debian's nginx with it and keeps Ingress status current.
 * Bundled into the ingress image by bundle.ts.
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KubeConfig, NetworkingV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { IngressStatusPublisher } from '../ingress-status.js';
import { IngressSync } from '../ingress-sync.js';
import { renderNginxConf } from '../nginx-conf.js';
import { NginxProcess } from '../nginx-process.js';
import { liveChecksum } from '../nginx-status.js';
import { startHealthServer } from './health-server.js';
import { createControllerLogger, forwardNginxOutput } from './log.js';
import { readSettings } from './settings.js';
import { watchCluster, type Watches } from './watch.js';

const log = createControllerLogger();

async function main(): Promise<void> {
  const settings = readSettings(process.env);
  await mkdir(settings.runDir, { recursive: true });
  // loadFromCluster() does not check this itself; without it every watch would retry forever.
  if (!process.env.KUBERNETES_SERVICE_HOST) {
    throw new Error('KUBERNETES_SERVICE_HOST is unset: the controller runs only inside a pod');
  }
  // nginx cannot open /dev/stdout when it is a socket (Node's child stdio, and `nginx -t` runs as one):
  // the access log goes to a file in the run dir, and `tail -F` copies it to the pod's own stdout, so
  // `kubectl logs` shows the JSON access lines as ingress-nginx's do.
  const accessLogFile = join(settings.runDir, 'access.log');
  await writeFile(accessLogFile, '', { flag: 'a' });
  const tail = spawn('tail', ['-n', '0', '-F', accessLogFile], { stdio: ['ignore', 'inherit', 'ignore'] });
  process.on('exit', () => tail.kill());
  const kc = new KubeConfig();
  kc.loadFromCluster();
  const networking = kc.makeApiClient(NetworkingV1Api);

  let shuttingDown = false;
  // Set once the initial lists are done; a SIGTERM may come before.
  const started: { watches?: Watches } = {};
  const nginx = new NginxProcess({
    binary: settings.nginxBinary,
    prefix: settings.runDir,
    onOutput: forwardNginxOutput(log),
    onUnexpectedExit: (code, signal) => {
      // Without nginx the pod serves nothing: exit, and the kubelet restarts the container.
      log.fatal({ code, signal }, 'nginx exited unexpectedly');
      process.exit(1);
    },
  });
  const status = settings.nodeIp
    ? new IngressStatusPublisher({
        address: settings.nodeIp,
        controller: settings.controller,
        log,
        patch: async (namespace, name, ingressStatus) => {
          await networking.patchNamespacedIngressStatus(
            { name, namespace, body: { status: ingressStatus } },
            setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
          );
        },
      })
    : undefined;
  const sync = new IngressSync({
    render: (snapshot) =>
      renderNginxConf(snapshot, {
        listen: { port: settings.httpPort },
        advertisedPort: settings.advertisedPort,
        statusPort: settings.statusPort,
        runDir: settings.runDir,
        controller: settings.controller,
        accessLog: accessLogFile,
      }),
    nginx,
    confPath: join(settings.runDir, 'nginx.conf'),
    statusPort: settings.statusPort,
    log,
    onSynced: (_rendered, snapshot) => status?.publish(snapshot),
  });
  const health = await startHealthServer(
    settings.healthzPort,
    async () => sync.ready && (await liveChecksum(settings.statusPort)) !== undefined,
  );

  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, 'shutting down: nginx finishes the requests it has');
    sync.stop();
    await started.watches?.stop().catch(() => undefined);
    await nginx.stop(25_000);
    health.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  log.info({ settings }, 'ingress controller starting');
  started.watches = await watchCluster(kc, (event) => sync.handle(event), log);
  await sync.start();
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, 'ingress controller failed to start');
  process.exit(1);
});
