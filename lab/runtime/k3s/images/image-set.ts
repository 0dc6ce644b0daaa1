import { createImageRegistry } from './image-registry.js';
import { backend, frontend } from './specs/app-images.js';
import { base } from './specs/base.js';
import { nodeRuntime } from './specs/node-runtime.js';
import { node } from './specs/node.js';
import { pause } from './specs/pause.js';
import { ingress } from './specs/ingress.js';
import { postgres, prometheus } from './specs/service-images.js';
import { toxiproxy } from './specs/toxiproxy.js';

/** The k3s profile's images, parents before children (the order `lab images list` shows). */
export const imageSet = createImageRegistry([
  base,
  nodeRuntime,
  backend,
  frontend,
  ingress,
  pause,
  node,
  postgres,
  toxiproxy,
  prometheus,
] as const);

export type ImageName = (typeof imageSet.names)[number];
