import { access } from 'node:fs/promises';
import path from 'node:path';
import { SetupError } from '../../../../cli/errors.js';
import { dockerBuild } from '../docker-build.js';
import type { ImageSpec } from '../image-spec.js';
import { imagesDir, repoRoot } from '../paths.js';

export interface FolderImage<Name extends string> {
  name: Name;
  description: string;
  /** The folder under images/ that is the build context; every file in it is an input. */
  folder: string;
  /** The image passed as `--build-arg BASE_IMAGE=<its tag>` (the Dockerfile's `FROM ${BASE_IMAGE}`). */
  baseImage: string;
  /** Files the folder must hold before a build makes sense, besides the Dockerfile. */
  requiredFiles?: readonly string[];
}

/**
 * An image whose whole recipe is one folder: a Dockerfile with `ARG BASE_IMAGE` plus the files it
 * COPYs. Some of these folders are written by other parts of the lab (ingress, the Postgres
 * entrypoint): a missing file fails only a build of this image, with a message naming the file.
 */
export function folderImage<const Name extends string>(image: FolderImage<Name>): ImageSpec<Name> {
  const dir = path.join(imagesDir, image.folder);
  const key = path.relative(repoRoot, dir).split(path.sep).join('/');
  return {
    name: image.name,
    description: image.description,
    parents: [image.baseImage],
    inputs: async () => ({
      // A folder that does not exist yet hashes as empty, so `lab images list` still works.
      files: (await exists(dir)) ? [{ key, path: dir }] : [],
      values: {},
    }),
    async check() {
      for (const file of ['Dockerfile', ...(image.requiredFiles ?? [])])
        if (!(await exists(path.join(dir, file))))
          throw new SetupError(`the ${image.name} image cannot be built: ${key}/${file} does not exist yet`);
    },
    build: (request) =>
      dockerBuild(request, { context: dir, buildArgs: { BASE_IMAGE: request.parents[image.baseImage]! } }),
  };
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );
