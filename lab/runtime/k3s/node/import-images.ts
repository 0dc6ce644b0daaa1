import { setTimeout as sleep } from 'node:timers/promises';
import { docker, dockerPipe } from '../docker/docker-cli.js';

/**
 * Loads images from this machine's Docker into the node's containerd (namespace k8s.io, where kubelet
 * looks), since there is no registry to pull from: `docker save | ctr images import`. The pods' manifests
 * say `imagePullPolicy: Never`, so kubelet uses them as they are.
 *
 * It starts as soon as the node's containerd answers, a second into the node's start, so the import
 * (the largest part of bring-up) overlaps the control plane's start instead of following it. All the
 * images go in one `docker save` stream: the layers they share (the Debian base and the Node runtime,
 * most of every image) are then written, sent and unpacked once instead of once per image.
 */
export async function importImagesWhenReady(
  nodeContainerId: string,
  images: readonly string[],
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = await docker(['exec', nodeContainerId, 'ctr', 'version'], { timeoutMs: 10_000 }).then(
      () => true,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`the node's containerd did not answer in ${timeoutMs} ms`);
    await sleep(250);
  }
  await dockerPipe(
    ['save', ...images],
    ['exec', '-i', nodeContainerId, 'ctr', '-n', 'k8s.io', 'images', 'import', '-'],
  );
}
