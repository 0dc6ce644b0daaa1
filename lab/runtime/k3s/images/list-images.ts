import { imageSize } from './docker-cli.js';
import { imageSet, type ImageName } from './image-set.js';
import { planImages } from './image-tags.js';
import { requireDocker } from './prerequisites.js';

export interface ImageStatus {
  name: ImageName;
  description: string;
  tag: string;
  present: boolean;
  /** Bytes, when present. */
  size: number | undefined;
}

/** Every image (or `names` and their parents) with its current tag and whether that tag is built. */
export async function listImages(names: readonly string[] = imageSet.names): Promise<ImageStatus[]> {
  await requireDocker();
  const plans = await planImages(names);
  return Promise.all(
    plans.map(async (plan) => {
      const size = await imageSize(plan.tag);
      return {
        name: plan.name,
        description: imageSet.get(plan.name).description,
        tag: plan.tag,
        present: size !== undefined,
        size,
      };
    }),
  );
}
