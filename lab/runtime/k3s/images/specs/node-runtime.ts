import path from 'node:path';
import { dockerBuild, StagedContext } from '../docker-build.js';
import type { ImageSpec } from '../image-spec.js';
import { imagesDir } from '../paths.js';

/**
 * The host's own Node runtime: the binary running this process, and the npm installed beside it
 * (`<prefix>/bin/node` and `<prefix>/lib/node_modules/npm`, the layout of Debian/NodeSource packages,
 * nvm and the official tarballs alike). The lab already requires Node 20; copying it needs no registry.
 */
const nodeBinary = process.execPath;
const npmDir = path.resolve(path.dirname(nodeBinary), '..', 'lib', 'node_modules', 'npm');
const contextDir = path.join(imagesDir, 'node-runtime');

export const nodeRuntime: ImageSpec<'node-runtime'> = {
  name: 'node-runtime',
  description: `base + this machine's Node ${process.version} and npm (BASE_IMAGE of the app images)`,
  parents: ['base'],
  inputs: () => ({
    files: [
      { key: 'node-runtime/Dockerfile', path: path.join(contextDir, 'Dockerfile') },
      { key: 'node-runtime/node', path: nodeBinary },
      { key: 'node-runtime/npm', path: npmDir },
    ],
    values: { node: process.version },
  }),
  async check() {},
  async build(request) {
    const context = await StagedContext.create(request, 'node-runtime');
    try {
      await context.addFile(path.join(contextDir, 'Dockerfile'), 'Dockerfile');
      await context.addFile(nodeBinary, 'node');
      await context.addFolder(npmDir, 'npm');
      await dockerBuild(request, { context: context.dir, buildArgs: { BASE_IMAGE: request.parents.base! } });
    } finally {
      await context.remove();
    }
  },
};
