import { execFileSync } from 'node:child_process';
import { inCi } from '../../../testing/tool.js';
import { imageExists } from '../images/docker-cli.js';
import { imageTags } from '../images/image-tags.js';

/**
 * Whether the k3s end-to-end tests can run here, and if not, why (the skip message). They need a
 * Docker daemon and the lab's images; building the images cold takes about 15 minutes on 2 cores, so
 * `npm test` on a laptop skips with the command that builds them rather than starting that build.
 * Under LAB_CI=1 nothing is skipped: `.ci/run` installs Docker and builds the images first.
 */
export async function k3sSkipReason(): Promise<string | undefined> {
  const reason = await missing();
  if (reason && inCi()) throw new Error(`the k3s tests must run under LAB_CI=1, but ${reason}`);
  return reason;
}

async function missing(): Promise<string | undefined> {
  try {
    execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], {
      stdio: 'pipe',
      timeout: 15_000,
    });
  } catch {
    return 'no Docker daemon answers (apt-get install -y docker.io, then start dockerd); skipping the k3s tests';
  }
  const tags = await imageTags(['node', 'backend', 'frontend', 'postgres', 'toxiproxy', 'ingress']);
  const absent: string[] = [];
  for (const [name, tag] of Object.entries(tags)) if (!(await imageExists(tag))) absent.push(name);
  return absent.length
    ? `the k3s images ${absent.join(', ')} are not built (npm run lab -- images build, about 15 min cold); skipping the k3s tests`
    : undefined;
}
