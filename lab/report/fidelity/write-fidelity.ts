import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomically } from '../atomic-write.js';
import { renderFidelityHtml } from './fidelity-html.js';
import { renderFidelityMarkdown } from './fidelity-markdown.js';
import type { FidelityComparison } from './fidelity-model.js';

const fidelityWriters: { name: string; file: string; render(c: FidelityComparison): string }[] = [
  { name: 'json', file: 'fidelity.json', render: (c) => `${JSON.stringify(c, null, 2)}\n` },
  { name: 'markdown', file: 'fidelity.md', render: renderFidelityMarkdown },
  { name: 'html', file: 'fidelity.html', render: renderFidelityHtml },
];

/**
 * Writes fidelity.json (the source of truth), fidelity.md and fidelity.html into `dir`, each on its
 * own and atomically as the run's report files are (write-reports.ts): one that throws is recorded in
 * `failed` and never stops the others.
 */
export async function writeFidelity(
  comparison: FidelityComparison,
  dir: string,
): Promise<{ written: string[]; failed: { writer: string; error: Error }[] }> {
  await mkdir(dir, { recursive: true });
  const result = { written: [] as string[], failed: [] as { writer: string; error: Error }[] };
  for (const writer of fidelityWriters) {
    const file = path.resolve(dir, writer.file);
    try {
      await writeAtomically(file, writer.render(comparison));
      result.written.push(file);
    } catch (error) {
      result.failed.push({
        writer: writer.name,
        error: error instanceof Error ? error : new Error(String(error)),
      });
    }
  }
  return result;
}
