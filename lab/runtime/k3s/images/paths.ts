import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the app images' build context, and the base of every input file's hashed path. */
export const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));

/** This folder: one sub-folder per image or Go build (Dockerfiles, rootfs files, Go modules). */
export const imagesDir = fileURLToPath(new URL('.', import.meta.url));

/**
 * Where builds keep what is slow to make and safe to reuse: the debootstrap'ed rootfs tarball, Go
 * binaries (by input hash), staged build contexts and build logs. `LAB_CACHE_DIR` moves it (tests use a
 * temp dir); otherwise it follows the XDG base-directory convention, like Go's and npm's own caches.
 */
export function labCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LAB_CACHE_DIR) return env.LAB_CACHE_DIR;
  return path.join(env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'dhakacart-lab');
}
