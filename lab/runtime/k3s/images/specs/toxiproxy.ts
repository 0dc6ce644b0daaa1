import path from 'node:path';
import { dockerBuild, StagedContext } from '../docker-build.js';
import { buildGoPrograms, defineGoBuild, goBuildInputs, requireGoFor, type GoBuild } from '../go-build.js';
import type { ImageSpec } from '../image-spec.js';
import { imagesDir } from '../paths.js';

/**
 * toxiproxy/go.mod pins github.com/Shopify/toxiproxy/v2 v2.12.0 as a `tool`, so `go build` of its
 * server command needs only the module proxy. Its binary is named after the package (`server`); the
 * release name `toxiproxy-server` is what the lab and its docs use. `-X ...Version` is what the
 * project's own release build sets, so `toxiproxy-server -version` and the API report 2.12.0.
 */
const goBuild: GoBuild = defineGoBuild({
  module: 'toxiproxy',
  programs: { 'toxiproxy-server': 'github.com/Shopify/toxiproxy/v2/cmd/server' },
  ldflags: '-s -w -X github.com/Shopify/toxiproxy/v2.Version=2.12.0',
});
const dockerfile = path.join(imagesDir, 'toxiproxy', 'Dockerfile');

export const toxiproxy: ImageSpec<'toxiproxy'> = {
  name: 'toxiproxy',
  description: 'toxiproxy-server 2.12.0 (built from the Go module proxy) + iproute2, API on :8474',
  parents: ['base'],
  inputs: () => goBuildInputs(goBuild),
  check: (request) => requireGoFor([goBuild], request),
  async build(request) {
    const bin = await buildGoPrograms(goBuild, request);
    const context = await StagedContext.create(request, 'toxiproxy');
    try {
      await context.addFile(dockerfile, 'Dockerfile');
      await context.addFile(path.join(bin, 'toxiproxy-server'), 'toxiproxy-server');
      await dockerBuild(request, { context: context.dir, buildArgs: { BASE_IMAGE: request.parents.base! } });
    } finally {
      await context.remove();
    }
  },
};
