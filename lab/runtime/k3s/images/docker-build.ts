import { cp, link, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { BuildRequest } from './image-spec.js';

export interface DockerBuild {
  /** The build context folder. */
  context: string;
  /** The Dockerfile, when it is not `<context>/Dockerfile`. */
  dockerfile?: string;
  buildArgs?: Readonly<Record<string, string>>;
  /** More tags for the same image (the pause image is also `registry.k8s.io/pause:3.10`). */
  alsoTag?: readonly string[];
}

/**
 * `docker build` with the classic builder (DOCKER_BUILDKIT=0): docker.io 20.10 from Debian has no
 * buildx, and BuildKit would try to pull `docker/dockerfile` for a `# syntax=` line from a registry
 * this machine cannot reach. `--force-rm` removes the intermediate containers of a failed step too,
 * so a failed build leaves no container behind.
 */
export async function dockerBuild(request: BuildRequest, build: DockerBuild): Promise<void> {
  const args = ['build', '--force-rm', '-t', request.tag];
  for (const tag of build.alsoTag ?? []) args.push('-t', tag);
  for (const [key, value] of Object.entries(request.labels)) args.push('--label', `${key}=${value}`);
  for (const [key, value] of Object.entries(build.buildArgs ?? {}))
    args.push('--build-arg', `${key}=${value}`);
  if (build.dockerfile) args.push('-f', build.dockerfile);
  args.push(build.context);
  await request.log.run('docker', args, { env: { DOCKER_BUILDKIT: '0' }, signal: request.signal });
}

/**
 * A build context assembled from pieces that live in different places (a Dockerfile here, binaries in
 * the Go cache, the host's Node runtime), under `<cache>/contexts/<name>`: on the same filesystem as
 * the Go cache, so big binaries are hard-linked rather than copied. Removed after the build.
 */
export class StagedContext {
  private constructor(readonly dir: string) {}

  static async create(request: BuildRequest, name: string): Promise<StagedContext> {
    const dir = path.join(request.cacheDir, 'contexts', name);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    return new StagedContext(dir);
  }

  /** Puts the file `source` at `target` (relative to the context), hard-linked when possible. */
  async addFile(source: string, target: string): Promise<void> {
    const destination = path.join(this.dir, target);
    await mkdir(path.dirname(destination), { recursive: true });
    await link(source, destination).catch(() => cp(source, destination, { preserveTimestamps: true }));
  }

  /** Copies the folder `source` to `target` (relative to the context), modes and symlinks kept. */
  async addFolder(source: string, target: string): Promise<void> {
    await cp(source, path.join(this.dir, target), {
      recursive: true,
      verbatimSymlinks: true,
      preserveTimestamps: true,
    });
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
