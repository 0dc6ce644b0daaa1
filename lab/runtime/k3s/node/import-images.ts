import { dockerPipe } from '../docker/docker-cli.js';

/**
 * Loads images from this machine's Docker into the node's containerd (namespace k8s.io, where kubelet
 * looks), since there is no registry to pull from: `docker save | ctr images import`. The pods' manifests
 * say `imagePullPolicy: IfNotPresent`, so kubelet uses them as they are.
 */
export async function importImages(nodeContainerId: string, images: readonly string[]): Promise<void> {
  if (images.length === 0) return;
  await dockerPipe(
    ['save', ...images],
    ['exec', '-i', nodeContainerId, 'ctr', '-n', 'k8s.io', 'images', 'import', '--all-platforms', '-'],
  );
}
