import { access, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ImageSpec } from '../image-spec.js';
import { requireDebootstrap } from '../prerequisites.js';

/**
 * What the base rootfs is: Debian 12 from its own archive with `debootstrap --variant=minbase` (apt,
 * dpkg and essentials, ~200 MB), no registry involved. `recipe` names this file's way of making it:
 * bump it when the steps below change so the tag (and everything built on it) changes too.
 */
const rootfs = {
  suite: 'bookworm',
  variant: 'minbase',
  mirror: 'http://deb.debian.org/debian',
  recipe: 'debootstrap+docker-import/1',
} as const;

/** The rootfs tarball for one set of inputs: debootstrap takes ~2 min, so it is kept between builds. */
const tarballPath = (cacheDir: string, hash: string) => path.join(cacheDir, 'base', `rootfs-${hash}.tar`);

export const base: ImageSpec<'base'> = {
  name: 'base',
  description: `Debian ${rootfs.suite} (${rootfs.variant}), debootstrap'ed from ${rootfs.mirror} and docker-imported`,
  parents: [],
  inputs: () => ({ files: [], values: { ...rootfs } }),
  async check({ cacheDir, hash }) {
    // Without a cached tarball the build runs debootstrap; with one it only imports it.
    if (!(await exists(tarballPath(cacheDir, hash)))) await requireDebootstrap();
  },
  async build(request) {
    const tarball = tarballPath(request.cacheDir, request.hash);
    if (!(await exists(tarball))) {
      await request.step(`debootstrap ${rootfs.suite}`, async () => {
        const dir = path.join(request.cacheDir, 'base', `rootfs-${request.hash}.partial`);
        await rm(dir, { recursive: true, force: true });
        await mkdir(dir, { recursive: true });
        try {
          await request.log.run(
            'debootstrap',
            [`--variant=${rootfs.variant}`, rootfs.suite, dir, rootfs.mirror],
            {
              signal: request.signal,
            },
          );
          // The package cache and lists are not needed in an image: apt-get update refreshes the lists.
          await request.log.run('sh', [
            '-c',
            'rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*',
            'sh',
            dir,
          ]);
          await request.log.run('tar', ['-C', dir, '--numeric-owner', '-cf', `${tarball}.partial`, '.'], {
            signal: request.signal,
          });
          await rename(`${tarball}.partial`, tarball);
        } finally {
          await rm(dir, { recursive: true, force: true });
          await rm(`${tarball}.partial`, { force: true });
        }
      });
    }
    const changes = Object.entries(request.labels).flatMap(([key, value]) => [
      '--change',
      `LABEL ${key}=${value}`,
    ]);
    await request.step('docker import', () =>
      request.log.run('docker', ['import', ...changes, '--change', 'CMD ["bash"]', tarball, request.tag], {
        signal: request.signal,
      }),
    );
  },
};

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );
