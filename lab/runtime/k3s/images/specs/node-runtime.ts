import { access, mkdir } from 'node:fs/promises';
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
/**
 * Node's C headers (`<prefix>/include/node`, shipped by NodeSource, the official tarballs and nvm), so
 * native add-ons such as argon2 compile inside the image without node-gyp downloading them.
 */
const headersDir = path.resolve(path.dirname(nodeBinary), '..', 'include', 'node');
const contextDir = path.join(imagesDir, 'node-runtime');
/** Debian's folder for CAs a machine adds itself (update-ca-certificates reads it); see the Dockerfile. */
const localCaDir = '/usr/local/share/ca-certificates';

export const nodeRuntime: ImageSpec<'node-runtime'> = {
  name: 'node-runtime',
  description: `base + this machine's Node ${process.version} and npm (BASE_IMAGE of the app images)`,
  parents: ['base'],
  inputs: async () => ({
    files: [
      { key: 'node-runtime/Dockerfile', path: path.join(contextDir, 'Dockerfile') },
      { key: 'node-runtime/node', path: nodeBinary },
      { key: 'node-runtime/npm', path: npmDir },
      ...((await exists(headersDir)) ? [{ key: 'node-runtime/include', path: headersDir }] : []),
      ...((await exists(localCaDir)) ? [{ key: 'node-runtime/ca', path: localCaDir }] : []),
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
      await mkdir(path.join(context.dir, 'include'));
      if (await exists(headersDir)) await context.addFolder(headersDir, 'include');
      await mkdir(path.join(context.dir, 'ca'));
      if (await exists(localCaDir)) await context.addFolder(localCaDir, 'ca');
      await dockerBuild(request, { context: context.dir, buildArgs: { BASE_IMAGE: request.parents.base! } });
    } finally {
      await context.remove();
    }
  },
};

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );
