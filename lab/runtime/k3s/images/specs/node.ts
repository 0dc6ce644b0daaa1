import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { dockerBuild, StagedContext } from '../docker-build.js';
import { buildGoPrograms, defineGoBuild, goBuildInputs, requireGoFor, type GoBuild } from '../go-build.js';
import type { ImageSpec } from '../image-spec.js';
import { imagesDir } from '../paths.js';
import { sandboxImage } from './pause.js';

export const kubernetesVersion = 'v1.34.2';

/**
 * What `kubectl version` and the apiserver report. An upstream release build stamps these from git;
 * a build from the module proxy has no git, so they are set here (without them every binary says
 * v0.0.0-master and kubelet's version skew checks misbehave). The commit and date are fixed values,
 * not the release's: the binaries are built from its sources, not copied from it.
 */
const versionLdflags = ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']
  .flatMap((pkg) => [
    `-X ${pkg}.gitVersion=${kubernetesVersion}`,
    `-X ${pkg}.gitMajor=1`,
    `-X ${pkg}.gitMinor=34`,
    `-X ${pkg}.gitTreeState=clean`,
    `-X ${pkg}.gitCommit=0000000000000000000000000000000000000000`,
    `-X ${pkg}.buildDate=2025-11-11T00:00:00Z`,
  ])
  .join(' ');

/**
 * `providerless` leaves out the in-tree cloud providers (AWS, GCE, Azure SDKs): smaller binaries, a
 * faster build, and nothing a single laptop node needs. kubectl is built too: it is the node start
 * script's own client, and the lab's way in (`docker exec NODE kubectl ...`).
 */
const kubernetes: GoBuild = defineGoBuild({
  module: 'kubernetes',
  programs: {
    ...Object.fromEntries(
      ['kubectl', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy'].map(
        (name) => [name, `k8s.io/kubernetes/cmd/${name}`],
      ),
    ),
    etcd: './cmd/etcd',
  },
  tags: ['providerless'],
  ldflags: `-s -w ${versionLdflags}`,
});

const coredns: GoBuild = defineGoBuild({ module: 'coredns', programs: { coredns: '.' }, ldflags: '-s -w' });

/** The resource metrics API (metrics.k8s.io) the HPAs read, run by start-node.sh beside CoreDNS. */
const metricsServer: GoBuild = defineGoBuild({
  module: 'metrics-server',
  programs: { 'metrics-server': 'sigs.k8s.io/metrics-server/cmd/metrics-server' },
  ldflags: '-s -w -X k8s.io/client-go/pkg/version.gitVersion=v0.8.0',
});
const nodeBuilds = [kubernetes, coredns, metricsServer];

const nodeDir = path.join(imagesDir, 'node');

export const node: ImageSpec<'node'> = {
  name: 'node',
  description: `Kubernetes ${kubernetesVersion} in one container (built from upstream sources; K3s-compatible start)`,
  parents: ['base', 'pause'],
  inputs: () => {
    const builds = nodeBuilds.map(goBuildInputs);
    return {
      files: [...builds.flatMap((b) => b.files), { key: 'node', path: nodeDir }],
      values: Object.assign({ kubernetes: kubernetesVersion, sandboxImage }, ...builds.map((b) => b.values)),
    };
  },
  check: (request) => requireGoFor(nodeBuilds, request),
  async build(request) {
    const kubernetesBin = await buildGoPrograms(kubernetes, request);
    const corednsBin = await buildGoPrograms(coredns, request);
    const metricsServerBin = await buildGoPrograms(metricsServer, request);
    const context = await StagedContext.create(request, 'node');
    try {
      await context.addFile(path.join(nodeDir, 'Dockerfile'), 'Dockerfile');
      await context.addFolder(path.join(nodeDir, 'rootfs'), 'rootfs');
      for (const name of Object.keys(kubernetes.programs))
        await context.addFile(path.join(kubernetesBin, name), path.join('bin', name));
      await context.addFile(path.join(corednsBin, 'coredns'), path.join('bin', 'coredns'));
      await context.addFile(
        path.join(metricsServerBin, 'metrics-server'),
        path.join('bin', 'metrics-server'),
      );
      // The tar must name the image as containerd's sandbox_image does; `docker save` records the
      // name it was given, so tag the current pause image with it first.
      await request.step('docker save pause', async () => {
        await mkdir(path.join(context.dir, 'images'));
        await request.log.run('docker', ['tag', request.parents.pause!, sandboxImage]);
        await request.log.run('docker', [
          'save',
          '-o',
          path.join(context.dir, 'images', 'pause.tar'),
          sandboxImage,
        ]);
      });
      await dockerBuild(request, { context: context.dir, buildArgs: { BASE_IMAGE: request.parents.base! } });
    } finally {
      await context.remove();
    }
  },
};
