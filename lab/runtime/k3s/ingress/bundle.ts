import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** This folder: the controller's sources, which the ingress image's content address should cover. */
export const ingressControllerSourceDir = dirname(fileURLToPath(import.meta.url));

/** controller/main.ts when running from source, main.js from a tsc build. */
function controllerEntry(): string {
  const base = fileURLToPath(new URL('./controller/main', import.meta.url));
  for (const extension of ['.ts', '.js']) if (existsSync(base + extension)) return base + extension;
  throw new Error(`the ingress controller's entry ${base}.ts (or .js) is missing`);
}

/**
 * Bundles the controller and its npm dependencies (@kubernetes/client-node, pino) into one ES module
 * for the ingress image, which has Node but no node_modules. Run before `docker build` of
 * lab/runtime/k3s/images/ingress with `outFile` = <that folder>/controller.mjs (never committed).
 *
 * The banner gives the bundle a `require`: some CommonJS dependencies require Node built-ins, which an
 * ES module bundle cannot do otherwise ("Dynamic require of "stream" is not supported").
 */
export async function bundleIngressController(outFile: string): Promise<string> {
  await build({
    entryPoints: [controllerEntry()],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    legalComments: 'none',
    logLevel: 'silent',
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
  return outFile;
}
