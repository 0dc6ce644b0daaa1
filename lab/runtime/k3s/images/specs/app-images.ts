import path from 'node:path';
import { dockerBuild } from '../docker-build.js';
import type { ImageSpec } from '../image-spec.js';
import { repoRoot } from '../paths.js';

/**
 * The shop's own images, built from its Dockerfiles exactly as a registry-connected CI would, with
 * the lab's node-runtime as BASE_IMAGE. The build context is the repository root (what the
 * Dockerfiles COPY from), trimmed by /.dockerignore. Inputs are the files they COPY: the manifests,
 * the TypeScript configs, the bundler script, the app's own folder (Dockerfile included) and
 * .dockerignore itself.
 */
function appImage<const Name extends 'backend' | 'frontend'>(
  name: Name,
  description: string,
): ImageSpec<Name> {
  const files = [
    '.dockerignore',
    'package.json',
    'package-lock.json',
    'tsconfig.json',
    'tsconfig.build.json',
    'app/bundle-server.mjs',
    `app/${name}`,
  ];
  return {
    name,
    description,
    parents: ['node-runtime'],
    inputs: () => ({ files: files.map((key) => ({ key, path: path.join(repoRoot, key) })), values: {} }),
    async check() {},
    build: (request) =>
      dockerBuild(request, {
        context: repoRoot,
        dockerfile: path.join(repoRoot, 'app', name, 'Dockerfile'),
        buildArgs: { BASE_IMAGE: request.parents['node-runtime']! },
      }),
  };
}

export const backend = appImage('backend', 'the shop API (app/backend/Dockerfile), runs as UID 10001');
export const frontend = appImage('frontend', 'the storefront (app/frontend/Dockerfile), runs as UID 10001');
