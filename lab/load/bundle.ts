import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles one of the load generator's entry points into a single file in the run's work dir. The
 * built-in generator's worker thread and the k6 script both need code that plain Node cannot load
 * as is (TypeScript in the worker; npm packages and TypeScript in k6's JavaScript runtime), and one
 * bundler serves both: the journeys k6 runs are then exactly the ones the built-in generator runs.
 */
export type BundleTarget = 'node-worker' | 'k6';

/** The entry's source next to this module: `.ts` when running from source, `.js` from a build. */
export function entryFile(relativeWithoutExtension: string): string {
  const base = fileURLToPath(new URL(relativeWithoutExtension, import.meta.url));
  for (const extension of ['.ts', '.js']) if (existsSync(base + extension)) return base + extension;
  throw new Error(`the load generator's entry ${base}.ts (or .js) is missing`);
}

export async function bundle(entry: string, workDir: string, target: BundleTarget): Promise<string> {
  const outfile = join(workDir, target === 'k6' ? 'k6-journeys.js' : 'built-in-load-worker.cjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    logLevel: 'silent',
    legalComments: 'none',
    ...(target === 'k6'
      ? {
          // k6 runs ES modules in its own JavaScript runtime: no Node built-ins, its own `k6/*` modules.
          platform: 'neutral' as const,
          format: 'esm' as const,
          target: 'es2020',
          mainFields: ['module', 'main'],
          conditions: ['import'],
          external: ['k6', 'k6/*'],
        }
      : { platform: 'node' as const, format: 'cjs' as const, target: 'node20' }),
  });
  return outfile;
}
