import path from 'node:path';
import { dockerBuild, StagedContext } from '../docker-build.js';
import { buildGoPrograms, defineGoBuild, goBuildInputs, requireGoFor, type GoBuild } from '../go-build.js';
import type { ImageSpec } from '../image-spec.js';
import { imagesDir } from '../paths.js';

/** The name containerd's config (node/rootfs/etc/containerd/config.toml) asks for as sandbox image. */
export const sandboxImage = 'registry.k8s.io/pause:3.10';

const goBuild: GoBuild = defineGoBuild({ module: 'pause', programs: { pause: '.' }, ldflags: '-s -w' });

export const pause: ImageSpec<'pause'> = {
  name: 'pause',
  description: `the pod sandbox image (FROM scratch, one static binary), also tagged ${sandboxImage}`,
  parents: [],
  inputs: () => goBuildInputs(goBuild),
  check: (request) => requireGoFor([goBuild], request),
  async build(request) {
    const bin = await buildGoPrograms(goBuild, request);
    const context = await StagedContext.create(request, 'pause');
    try {
      await context.addFile(path.join(imagesDir, 'pause', 'Dockerfile'), 'Dockerfile');
      await context.addFile(path.join(bin, 'pause'), 'pause');
      await dockerBuild(request, { context: context.dir, alsoTag: [sandboxImage] });
    } finally {
      await context.remove();
    }
  },
};
