import path from 'node:path';
import { SetupError } from '../../../cli/errors.js';
import { labels } from '../docker/labels.js';
import { imageExists, imageSize } from './docker-cli.js';
import type { BuildRequest, ImageProgress } from './image-spec.js';
import type { ImageRegistry } from './image-registry.js';
import { imageSet, type ImageName } from './image-set.js';
import { planImagesIn, tagsOf } from './image-tags.js';
import { labCacheDir } from './paths.js';
import { requireDocker } from './prerequisites.js';
import { BuildLog } from './run-command.js';

export interface EnsureImagesOptions {
  /** Each image (present, or built with its sub-steps) as a step: `lab images build` and `lab up` show them. */
  onProgress?: (step: ImageProgress) => void;
  /** Aborting stops the running build command; the promise then rejects with the AbortError. */
  signal?: AbortSignal;
  /** Where each image's build log goes (`<name>.log`); default `<cache>/logs`. */
  logDir?: string;
}

/**
 * Makes sure `names` and everything they are built from exist locally under their current tags,
 * building the missing ones parents first, and returns `{ name: tag }` for all of them (what
 * `lab up --profile k3s` runs). An image whose tag exists is not touched, so with nothing changed
 * this is a few `docker image inspect` calls. Before the first build, every image about to be built
 * checks its prerequisites; what is missing is one SetupError (exit 2) listing each missing piece.
 * Builds run one at a time: the machine has two cores, and each build uses them all. An unknown name
 * is a UsageError listing the known ones (names are strings so a CLI's arguments pass straight in).
 */
export async function ensureImages<const N extends string = ImageName>(
  names: readonly N[],
  options: EnsureImagesOptions = {},
): Promise<Record<N, string>> {
  return ensureImagesIn(imageSet, names, options);
}

/** ensureImages over any registry (tests build a small one of their own). */
export async function ensureImagesIn<const N extends string>(
  registry: ImageRegistry<string>,
  names: readonly N[],
  options: EnsureImagesOptions = {},
): Promise<Record<N, string>> {
  const progress = options.onProgress ?? (() => {});
  const cacheDir = labCacheDir();
  const logDir = options.logDir ?? path.join(cacheDir, 'logs');
  await requireDocker();
  const plans = await planImagesIn(registry, names);
  const missing = [];
  for (const plan of plans) {
    if (await imageExists(plan.tag))
      progress({ name: `image ${plan.name}`, state: 'done', detail: `${plan.tag} (up to date)` });
    else missing.push(plan);
  }
  const problems = await Promise.all(
    missing.map((plan) =>
      registry
        .get(plan.name)
        .check({ hash: plan.hash, cacheDir })
        .then(
          () => undefined,
          (error: unknown) => error,
        ),
    ),
  );
  const found = problems.filter((p) => p !== undefined);
  const unexpected = found.find((p) => !(p instanceof SetupError));
  if (unexpected) throw unexpected;
  const setupErrors = [...new Set(found.map((p) => (p as SetupError).message))];
  if (setupErrors.length === 1) throw new SetupError(setupErrors[0]!);
  if (setupErrors.length > 1)
    throw new SetupError(
      `the images cannot be built here:\n${setupErrors.map((m) => `  - ${m}`).join('\n')}`,
    );

  for (const plan of missing) {
    options.signal?.throwIfAborted();
    const spec = registry.get(plan.name);
    const step = `image ${plan.name}`;
    const log = new BuildLog(path.join(logDir, `${plan.name}.log`));
    const request: BuildRequest = {
      tag: plan.tag,
      hash: plan.hash,
      parents: plan.parents,
      labels: { [labels.image]: plan.name },
      log,
      cacheDir,
      signal: options.signal,
      step: async (name, work) => {
        const sub = `${plan.name}: ${name}`;
        progress({ name: sub, state: 'start' });
        try {
          const result = await work();
          progress({ name: sub, state: 'done' });
          return result;
        } catch (error) {
          progress({ name: sub, state: 'fail' });
          throw error;
        }
      },
    };
    progress({ name: step, state: 'start', detail: `building ${plan.tag}` });
    try {
      await spec.build(request);
      const size = await imageSize(plan.tag);
      if (size === undefined)
        throw new Error(`the ${plan.name} build finished but produced no image ${plan.tag}`);
      progress({ name: step, state: 'done', detail: `${plan.tag}, ${formatSize(size)}` });
    } catch (error) {
      progress({ name: step, state: 'fail', detail: `log: ${log.file}` });
      throw error;
    } finally {
      await log.close();
    }
  }
  return tagsOf(plans);
}

/** Sizes as docker prints them (decimal units). */
export function formatSize(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(0)} MB`;
  return `${(bytes / 1e3).toFixed(0)} kB`;
}
