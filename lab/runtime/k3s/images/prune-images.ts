import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { labelledImages, removeImage } from './docker-cli.js';
import { currentGoBuildDirs } from './go-build.js';
import { planImages } from './image-tags.js';
import { labCacheDir } from './paths.js';
import { requireDocker } from './prerequisites.js';

export interface PruneResult {
  /** Image refs (or ids, for untagged ones) removed. */
  removed: string[];
  /** Images that could not be removed (a container still uses them), with docker's reason. */
  kept: { ref: string; reason: string }[];
  /** Cache entries (old Go binaries, old rootfs tarballs) removed. */
  cacheEntries: string[];
}

/**
 * Removes what earlier builds left: every image with the lab's image label whose tag is not the
 * current one of its name (or whose name is no longer in the set), untagged images with the label
 * (a rebuilt tag's previous image), and cache entries no current input produces. Images without the
 * label are never touched, whatever their name; neither is an image a container still uses, nor a
 * name outside dhakacart-lab/ (registry.k8s.io/pause:3.10 is re-pointed by every node build).
 */
export async function pruneImages(): Promise<PruneResult> {
  await requireDocker();
  const plans = await planImages();
  const current = new Map(plans.map((plan) => [plan.name, plan.tag]));
  const result: PruneResult = { removed: [], kept: [], cacheEntries: [] };
  for (const image of await labelledImages()) {
    const ref = image.ref ?? image.id;
    if (image.ref && current.get(image.name as never) === image.ref) continue;
    // Only the lab's own names: registry.k8s.io/pause:3.10 (the sandbox name) moves with each build.
    if (image.ref && !image.ref.startsWith('dhakacart-lab/')) continue;
    try {
      await removeImage(ref);
      result.removed.push(ref);
    } catch (error) {
      const reason =
        String((error as { stderr?: string }).stderr ?? error)
          .trim()
          .split('\n')[0] ?? '';
      result.kept.push({ ref, reason });
    }
  }
  const cacheDir = labCacheDir();
  const keep = new Set([
    ...(await currentGoBuildDirs()),
    ...plans.filter((p) => p.name === 'base').map((p) => `rootfs-${p.hash}.tar`),
  ]);
  for (const sub of ['go-bin', 'base']) {
    const dir = path.join(cacheDir, sub);
    for (const entry of await readdir(dir).catch(() => [] as string[])) {
      if (keep.has(entry)) continue;
      await rm(path.join(dir, entry), { recursive: true, force: true });
      result.cacheEntries.push(path.join(sub, entry));
    }
  }
  return result;
}
