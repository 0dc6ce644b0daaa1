import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SetupError } from '../../../cli/errors.js';

const execFileAsync = promisify(execFile);

/**
 * The machine's tools a build needs, each checked before the first build step starts so a missing
 * one is one clear message (exit 2) naming the tool and the command that installs it, not a stack
 * trace ten minutes into a build.
 */

async function output(
  command: string,
  args: string[],
): Promise<{ ok: boolean; text: string; missing: boolean }> {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, { timeout: 20_000 });
    return { ok: true, text: stdout + stderr, missing: false };
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    return { ok: false, text: `${e.stdout ?? ''}${e.stderr ?? ''}`.trim(), missing: e.code === 'ENOENT' };
  }
}

/** The docker CLI is installed and its daemon answers. */
export async function requireDocker(): Promise<void> {
  const version = await output('docker', ['version', '--format', '{{.Server.Version}}']);
  if (version.missing)
    throw new SetupError(
      'the k3s images need Docker, and the docker CLI is not installed: apt-get install -y docker.io',
    );
  if (!version.ok)
    throw new SetupError(
      `the Docker daemon does not answer (${version.text.split('\n')[0] || 'no output'}); start it: dockerd & ` +
        '(or systemctl start docker), and check that DOCKER_HOST points at it',
    );
}

/** debootstrap, which makes the base image's Debian rootfs. */
export async function requireDebootstrap(): Promise<void> {
  const found = await output('debootstrap', ['--version']);
  if (found.missing)
    throw new SetupError(
      'the base image is made with debootstrap, which is not installed: apt-get install -y debootstrap',
    );
}

/** The oldest Go that builds the go.mod files here (they say `go 1.24.0`; GOTOOLCHAIN may be local). */
export const minimumGo = [1, 24] as const;

/** A Go toolchain new enough for the modules under images/ (Kubernetes 1.34, CoreDNS, toxiproxy, pause). */
export async function requireGo(): Promise<void> {
  const found = await output('go', ['env', 'GOVERSION']);
  const install =
    `install Go ≥ ${minimumGo.join('.')} from https://go.dev/dl (tar -C /usr/local -xzf go*.linux-amd64.tar.gz, ` +
    "then add /usr/local/go/bin to PATH); Debian bookworm's golang-go is 1.19, too old";
  if (found.missing)
    throw new SetupError(`the k3s images build Go programs, and go is not on PATH: ${install}`);
  const match = /go(\d+)\.(\d+)/.exec(found.text);
  const [major, minor] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (major < minimumGo[0] || (major === minimumGo[0] && minor < minimumGo[1]))
    throw new SetupError(`${found.text.trim() || 'go'} is too old for the k3s images: ${install}`);
}
