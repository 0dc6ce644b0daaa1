import { contentAddress } from './content-address.js';
import { imageTag } from './image-spec.js';
import { imageSet, type ImageName } from './image-set.js';

export interface ImagePlan {
  name: ImageName;
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
  const tags: Record<string, string> = {};
  const plans: ImagePlan[] = [];
  for (const spec of imageSet.withParents(names)) {
    const parents = Object.fromEntries(spec.parents.map((parent) => [parent, tags[parent]!]));
    const hash = await contentAddress(await spec.inputs(), parents);
    tags[spec.name] = imageTag(spec.name, hash);
    plans.push({ name: spec.name, tag: tags[spec.name]!, hash, parents });
  }
  return plans;
}

/** `{ name: tag }` for `names` and their parents, without building anything. */
export async function imageTags(names: readonly ImageName[] = imageSet.names): Promise<Record<ImageName, string>> {
  return Object.fromEntries((await planImages(names)).map((plan) => [plan.name, plan.tag])) as Record<ImageName, string>;
}
