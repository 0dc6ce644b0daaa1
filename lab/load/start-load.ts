import { startBuiltInLoad } from './built-in/start-built-in-load.js';
import { findK6, k6InstallCommand } from './k6/find-k6.js';
import { startK6Load } from './k6/start-k6-load.js';
import type { RunningLoad, StartLoadOptions } from './load-options.js';
import { resolveLoadOptions } from './resolve-load-options.js';

/**
 * Starts shopper load against the ingress: k6 when asked for (`k6`), or when on PATH (`auto`), else
 * the built-in open-model generator. Both run the same journeys and produce the same records.
 */
export async function startLoad(options: StartLoadOptions): Promise<RunningLoad> {
  const resolved = resolveLoadOptions(options);
  if (resolved.generator === 'built-in') return startBuiltInLoad(resolved);
  const k6 = resolved.k6Path ?? findK6();
  if (k6) return startK6Load(resolved, k6);
  if (resolved.generator === 'k6') {
    throw new Error(
      `generator 'k6' was asked for but k6 is not on PATH; install it with: ${k6InstallCommand}`,
    );
  }
  return startBuiltInLoad(resolved);
}
