import { access, mkdir, readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { SetupError } from '../../../../cli/errors.js';
import { dockerBuild, StagedContext } from '../docker-build.js';
import type { Inputs } from '../content-address.js';
import type { ImageSpec } from '../image-spec.js';
import { imagesDir, labCacheDir } from '../paths.js';

/**
 * The ingress controller image. Its folder (images/ingress, the ingress part of the lab) holds the
 * Dockerfile; the controller itself is the TypeScript in lab/runtime/k3s/ingress, bundled with its
 * npm dependencies into one controller.mjs by that part's bundleIngressController(). The bundle is
 * made when the tag is computed and hashed as an input: whatever ends up in it (the controller, the
 * lab modules it imports, the dependency versions) changes the tag, and nothing else does (tests,
 * comments esbuild drops). esbuild takes well under a second for it.
 */
const dir = path.join(imagesDir, 'ingress');
/** Generated into the folder by the ingress part's own workflow; the build uses a fresh bundle instead. */
const generated = 'controller.mjs';

const bundleFile = () => path.join(labCacheDir(), 'ingress', generated);

async function bundle(): Promise<string> {
  const { bundleIngressController } = await import('../../ingress/bundle.js');
  const file = bundleFile();
  await mkdir(path.dirname(file), { recursive: true });
  // Written under a name of this process's own, then renamed: two labs computing tags at once never
  // read each other's half-written bundle.
  await bundleIngressController(`${file}.${process.pid}`);
  await rename(`${file}.${process.pid}`, file);
  return file;
}

export const ingress: ImageSpec<'ingress'> = {
  name: 'ingress',
  description: "the lab's ingress controller (Debian nginx + the controller in lab/runtime/k3s/ingress)",
  parents: ['node-runtime'],
  async inputs(): Promise<Inputs> {
    if (!(await exists(path.join(dir, 'Dockerfile'))))
      return { files: [], values: { missing: 'Dockerfile' } };
    const files = (await readdir(dir)).filter((name) => name !== generated && name !== '.gitignore');
    return {
      files: [
        ...files.map((name) => ({ key: `ingress/${name}`, path: path.join(dir, name) })),
        { key: `ingress/${generated}`, path: await bundle() },
      ],
      values: {},
    };
  },
  async check() {
    if (!(await exists(path.join(dir, 'Dockerfile'))))
      throw new SetupError(
        'the ingress image cannot be built: lab/runtime/k3s/images/ingress/Dockerfile does not exist yet',
      );
  },
  async build(request) {
    const context = await StagedContext.create(request, 'ingress');
    try {
      for (const name of await readdir(dir))
        if (name !== generated) await context.addFile(path.join(dir, name), name);
      await context.addFile(await bundle(), generated);
      await dockerBuild(request, {
        context: context.dir,
        buildArgs: { BASE_IMAGE: request.parents['node-runtime']! },
      });
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
