import { contentAddress, digestInputs } from './content-address.js';
import { imageTag } from './image-spec.js';
import type { ImageRegistry } from './image-registry.js';
import { imageSet, type ImageName } from './image-set.js';

export interface ImagePlan<Name extends string = ImageName> {
  name: Name;
  tag: string;
  hash: string;
  parents: Record<string, string>;
}

/**
 * The tags `names` (default: every image) and their parents have now, parents first: content
 * addresses over the inputs on disk, computed without docker. Hashing reads every input file (the
 * Node binary is the largest, ~100 MB): a fraction of a second.
 */
export async function planImages(names: readonly string[] = imageSet.names): Promise<ImagePlan[]> {
  return planImagesIn(imageSet, names);
}

/** planImages over any registry (tests use a small one of their own). */
export async function planImagesIn<Name extends string>(
  registry: ImageRegistry<Name>,
  names: readonly string[],
): Promise<ImagePlan<Name>[]> {
  const tags: Record<string, string> = {};
  const plans: ImagePlan<Name>[] = [];
  const specs = registry.withParents(names);
  // Every image's files are read side by side; only combining them with the parents' tags is in order.
  const digested = await Promise.all(specs.map(async (spec) => digestInputs(await spec.inputs())));
  for (const [i, spec] of specs.entries()) {
    const parents = Object.fromEntries(spec.parents.map((parent) => [parent, tags[parent]!]));
    const hash = await contentAddress(digested[i]!, parents);
    tags[spec.name] = imageTag(spec.name, hash);
    plans.push({ name: spec.name, tag: tags[spec.name]!, hash, parents });
  }
  return plans;
}

/** `{ name: tag }` for `names` (default: every image) and their parents, without building anything. */
export async function imageTags<const N extends string = ImageName>(
  names: readonly N[] = imageSet.names as readonly N[],
): Promise<Record<N, string>> {
  return tagsOf(await planImages(names));
}

export const tagsOf = <N extends string>(plans: readonly ImagePlan<string>[]): Record<N, string> =>
  Object.fromEntries(plans.map((plan) => [plan.name, plan.tag])) as Record<N, string>;
