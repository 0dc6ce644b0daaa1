/**
 * The k3s profile's images, built on this machine without any registry: a debootstrap'ed Debian base,
 * the host's Node runtime, the shop's own images, a Kubernetes node built from upstream sources, and
 * the containers beside it. Tags are content addresses (`dhakacart-lab/<name>:<12 hex>`), so an image
 * is rebuilt exactly when something it is made from changed.
 */
export { ensureImages, formatSize, type EnsureImagesOptions } from './ensure-images.js';
export { imageTags, planImages, type ImagePlan } from './image-tags.js';
export { listImages, type ImageStatus } from './list-images.js';
export { pruneImages, type PruneResult } from './prune-images.js';
export { imageSet, type ImageName } from './image-set.js';
export type { ImageProgress, ImageSpec } from './image-spec.js';
export { kubernetesVersion } from './specs/node.js';
export { sandboxImage } from './specs/pause.js';
