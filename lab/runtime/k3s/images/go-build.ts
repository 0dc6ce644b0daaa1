import { access, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { contentAddress, type Inputs } from './content-address.js';
import type { BuildRequest } from './image-spec.js';
import { imagesDir } from './paths.js';

/**
 * Static Go programs built from one Go module folder under images/ (kubernetes/, coredns/, pause/,
 * toxiproxy/), whose go.mod and go.sum pin every dependency: the module proxy is all the network a
 * build needs, and the result does not depend on what else is installed.
 */
export interface GoBuild {
  /** The module folder's name under images/. */
  module: string;
  /** Binary name -> Go package to build (a path in the module, or an import path it requires). */
  programs: Readonly<Record<string, string>>;
  tags?: readonly string[];
  ldflags: string;
}

/** CGO off: every binary is static, so it runs on any base (and FROM scratch) without a libc. */
const goEnv = { CGO_ENABLED: '0', GOFLAGS: '-mod=readonly' };

/** A build's inputs: the module's files, the programs and every flag (the Go version is not pinned). */
export function goBuildInputs(build: GoBuild): Inputs {
  return {
    files: [{ key: build.module, path: path.join(imagesDir, build.module) }],
    values: {
      [`${build.module}:programs`]: JSON.stringify(build.programs),
      [`${build.module}:tags`]: (build.tags ?? []).join(','),
      [`${build.module}:ldflags`]: build.ldflags,
      [`${build.module}:env`]: JSON.stringify(goEnv),
    },
  };
}

/**
 * Builds the programs into `<cache>/go-bin/<module>-<input hash>/` unless they are there already, and
 * returns that folder. Each binary is written to a temporary name and renamed, so an interrupted build
 * never leaves a half-written binary that a later build would take as done. `go build` runs under
 * `nice`: the Kubernetes binaries take minutes of both cores, and the machine has other work.
 */
export async function buildGoPrograms(build: GoBuild, request: BuildRequest): Promise<string> {
  const dir = path.join(
    request.cacheDir,
    'go-bin',
    `${build.module}-${await contentAddress(goBuildInputs(build))}`,
  );
  await mkdir(dir, { recursive: true });
  for (const [name, pkg] of Object.entries(build.programs)) {
    const output = path.join(dir, name);
    if (await exists(output)) continue;
    const partial = `${output}.partial`;
    await request.step(`go build ${name}`, async () => {
      try {
        await request.log.run(
          'nice',
          [
            '-n',
            '19',
            'go',
            'build',
            ...(build.tags?.length ? ['-tags', build.tags.join(',')] : []),
            '-ldflags',
            build.ldflags,
            '-o',
            partial,
            pkg,
          ],
          { cwd: path.join(imagesDir, build.module), env: goEnv, signal: request.signal },
        );
        await rename(partial, output);
      } finally {
        await rm(partial, { force: true });
      }
    });
  }
  return dir;
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );
