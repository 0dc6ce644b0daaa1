import { Wait, type StartedTestContainer } from 'testcontainers';
import { LabContainer } from '../database/lab-container.js';

/**
 * The Kubernetes node as one container, started the way @testcontainers/k3s starts K3s (`server`
 * command, kubeconfig at /etc/rancher/k3s/k3s.yaml, ready at the `Node controller sync successful` log
 * line, API on 6443), so `--node-image rancher/k3s:<version>` runs real K3s unchanged where that image
 * can be pulled; the lab's own image (lab/runtime/k3s/images/node) honours the same contract.
 *
 * Not `--privileged`: on these hosts docker asks for a capability the host's bounding set lacks
 * (CAP_SYS_RESOURCE) and runc refuses. Every other capability, no seccomp and no AppArmor profile is
 * what the node needs. /proc/sys stays read-only: the node image fakes the few global sysctls kubelet
 * insists on, so the host kernel is never changed.
 */
export const nodePorts = { apiServer: 6443, ingress: 30080 } as const;
/**
 * K3s logs "Node controller sync successful" once its node is registered. The lab's own node logs it
 * later, after CoreDNS and the default ServiceAccount (@testcontainers/k3s's contract), but the lab
 * need not wait that long: from "node Ready" on, the API server takes the shop's objects (which bring
 * their own ServiceAccounts) and the scheduler places its pods, while CoreDNS finishes starting. That
 * is about 4 s of bring-up.
 */
const readyLine = /Node controller sync successful|\[start-node \+[\d.]+s\] node Ready\b/;

export class KubernetesNodeContainer extends LabContainer {
  constructor(image: string) {
    super(image);
    // Traefik off: the lab runs its own ingress controller from the Ingress object. K3s's bundled
    // metrics-server stays on (the lab's own node runs metrics-server too): the HPAs need metrics.k8s.io.
    this.withCommand(['server', '--disable=traefik', '--tls-san=127.0.0.1'])
      .withAddedCapabilities('ALL')
      .withDroppedCapabilities('SYS_RESOURCE')
      .withWaitStrategy(Wait.forLogMessage(readyLine))
      .withStartupTimeout(180_000);
    // withSecurityOpt() arrives only in testcontainers 12, which needs Node >= 22.22.
    this.hostConfig.SecurityOpt = ['seccomp=unconfined', 'apparmor=unconfined'];
  }

  /** containerd's and kubelet's state on named, labelled volumes (overlayfs cannot nest on overlay). */
  withStateVolumes(volumes: { containerd: string; kubelet: string }): this {
    this.hostConfig.Mounts = [
      ...(this.hostConfig.Mounts ?? []),
      { Type: 'volume', Source: volumes.containerd, Target: '/var/lib/containerd' },
      { Type: 'volume', Source: volumes.kubelet, Target: '/var/lib/kubelet' },
      // K3s keeps containerd under /var/lib/rancher; a tmpfs-free volume keeps its snapshotter happy.
    ];
    return this;
  }
}

export interface StartedNode {
  container: StartedTestContainer;
  /** A kubeconfig whose server is the API's published port on 127.0.0.1. */
  kubeconfig: string;
  apiServer: string;
  /** `http://127.0.0.1:<port>`: the NodePort the ingress controller listens on, published. */
  ingressUrl: string;
  /** What runs on the node, e.g. "Kubernetes v1.34.2 (built from upstream sources), not K3s". */
  release: string;
}

/** Reads the kubeconfig the node wrote and points it at the published API port. */
export async function describeStartedNode(container: StartedTestContainer): Promise<StartedNode> {
  const config = await container.exec(['cat', '/etc/rancher/k3s/k3s.yaml']);
  if (config.exitCode !== 0) throw new Error(`the node wrote no /etc/rancher/k3s/k3s.yaml: ${config.output}`);
  const apiPort = container.getMappedPort(nodePorts.apiServer);
  const apiServer = `https://127.0.0.1:${apiPort}`;
  const kubeconfig = config.output.replace(/https:\/\/(127\.0\.0\.1|localhost|0\.0\.0\.0):6443/g, apiServer);
  const release = await container.exec(['cat', '/etc/dhakacart-node-release']);
  const version = await container.exec(['sh', '-c', 'k3s --version 2>/dev/null | head -1']);
  return {
    container,
    kubeconfig,
    apiServer,
    ingressUrl: `http://127.0.0.1:${container.getMappedPort(nodePorts.ingress)}`,
    release:
      release.exitCode === 0 && release.output.trim()
        ? release.output.trim().split('\n')[0]!
        : version.output.trim() || 'unknown Kubernetes node image',
  };
}
