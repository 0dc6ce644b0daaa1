import { execFileSync } from 'node:child_process';
import { newRunId } from '../../shared/run-label.js';
import { docker } from '../docker/docker-cli.js';
import { createLabNetwork, listLabResources, type LabResources } from '../docker/lab-resources.js';
import { findTool, inCi } from '../../../testing/tool.js';
import { configureTestcontainers } from '../docker/testcontainers-env.js';

/**
 * What the container tests of lab/runtime/k3s/database and lab/runtime/k3s/toxiproxy share: whether
 * Docker is here (a skip that names it on a laptop, a failure under LAB_CI=1), the images (built by the
 * lab's own image build when missing), and a labelled network per test file.
 */
export function dockerSkipReason(): string | undefined {
  const tool = findTool('docker', 'apt-get install -y docker.io, then start dockerd');
  if (tool.skipReason) return tool.skipReason;
  try {
    execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], {
      stdio: 'pipe',
      timeout: 15_000,
    });
    return undefined;
  } catch {
    const reason =
      'docker is installed but no Docker daemon answers (start dockerd); skipping the container tests';
    if (inCi()) throw new Error(`the container tests must run under LAB_CI=1, but ${reason}`);
    return reason;
  }
}

/** The lab's postgres and toxiproxy images, built (with their parents) when missing: minutes the first time. */
export async function containerTestImages(): Promise<{ postgres: string; toxiproxy: string }> {
  configureTestcontainers();
  const { ensureImages } = await import('../images/index.js');
  return ensureImages(['postgres', 'toxiproxy']);
}

export const imageBuildTimeoutMs = 15 * 60_000;

export interface TestNetwork extends AsyncDisposable {
  runId: string;
  name: string;
  /** Every container, volume and network that carries this run's label. */
  resources(): Promise<LabResources>;
}

/** A labelled lab network for one test file's run (createLabNetwork, as the topology makes it). */
export async function startTestNetwork(prefix: string): Promise<TestNetwork> {
  const runId = `${newRunId()}-${prefix}`;
  const name = await createLabNetwork(runId);
  return {
    runId,
    name,
    resources: () => listLabResources({ runId }),
    async [Symbol.asyncDispose]() {
      await docker(['network', 'rm', name]).catch(() => undefined);
    },
  };
}
