import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScenarioProblem } from './validate-scenario.js';

/** lab/index.ts: the one module a scenario may import (STYLE.md "One import for scenario authors"). */
const labIndex = fileURLToPath(new URL('../index.ts', import.meta.url));

/**
 * Reads a scenario file's import specifiers WITHOUT running it and names each one that is not
 * lab/index.ts (relative or absolute; `.js`, `.ts` or no extension). TypeScript's own pre-processor
 * finds them (static, dynamic, type-only and re-exports alike), so a regex never misreads a comment or
 * a string; it is loaded only when scenarios are, to keep the other verbs fast.
 */
export async function checkScenarioImports(file: string, shownAs: string): Promise<ScenarioProblem[]> {
  const { default: ts } = await import('typescript');
  const source = await readFile(file, 'utf8');
  const { importedFiles } = ts.preProcessFile(source, true, true);
  return importedFiles
    .filter(({ fileName }) => !isLabIndex(fileName, file))
    .map(({ fileName }) => ({
      file: shownAs,
      field: '',
      message: `imports "${fileName}": a scenario may import only the lab's API, lab/index.ts (e.g. \`import { defineScenario } from '${relativeIndex(file)}'\`)`,
    }));
}

function isLabIndex(specifier: string, importer: string): boolean {
  const target = specifier.startsWith('file:')
    ? fileURLToPath(specifier)
    : specifier.startsWith('.') || path.isAbsolute(specifier)
      ? path.resolve(path.dirname(importer), specifier)
      : undefined;
  if (!target) return false;
  return target.replace(/\.(js|ts)$/, '') === labIndex.replace(/\.ts$/, '');
}

function relativeIndex(importer: string): string {
  const relative = path.relative(path.dirname(importer), labIndex).replace(/\.ts$/, '.js');
  return relative.startsWith('.') ? relative : `./${relative}`;
}
