import { access, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { contentAddress, type Inputs } from './content-address.js';
import type { BuildRequest, CheckRequest } from './image-spec.js';
import { imagesDir } from './paths.js';
import { requireGo } from './prerequisites.js';

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

/** Every build the image specs define (defineGoBuild), so prune knows which cache folders are current. */
const definedBuilds: GoBuild[] = [];

/** Declares a Go build (at module load, in a spec file). */
export function defineGoBuild(build: GoBuild): GoBuild {
  definedBuilds.push(build);
  return build;
}

/** The cache folder names (`<module>-<input hash>`) of every defined build as its inputs are now. */
export async function currentGoBuildDirs(): Promise<string[]> {
  return Promise.all(definedBuilds.map(goBuildDirName));
}

const goBuildDirName = async (build: GoBuild) =>
  `${build.module}-${await contentAddress(goBuildInputs(build))}`;

/** CGO off: every binary is static, so it runs on any base (and FROM scratch) without a libc. */
// -mod=readonly: go.mod and go.sum are the pins; a build must never rewrite them. -buildvcs=false: the
// binaries do not depend on the state of the lab's git checkout.
const goEnv = { CGO_ENABLED: '0', GOFLAGS: '-mod=readonly -buildvcs=false' };

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

/** Go is needed only when some binary of `builds` is not in the cache yet. */
export async function requireGoFor(builds: readonly GoBuild[], { cacheDir }: CheckRequest): Promise<void> {
  for (const build of builds) {
    const dir = path.join(cacheDir, 'go-bin', await goBuildDirName(build));
    for (const name of Object.keys(build.programs))
      if (!(await exists(path.join(dir, name)))) return requireGo();
  }
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );
