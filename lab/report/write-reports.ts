import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomically } from './atomic-write.js';
import { htmlWriter } from './html.js';
import { jsonWriter } from './json.js';
import { junitWriter } from './junit.js';
import { markdownWriter } from './markdown.js';
import type { Report } from './report-model.js';
import type { ReportWriter } from './report-writer.js';
import { checkReport } from './validate-report.js';
import { ReportWriterRegistry } from './writer-registry.js';

/** Every report file of a run folder, by name: json, markdown, html, junit. */
export const reportWriters = new ReportWriterRegistry([jsonWriter, markdownWriter, htmlWriter, junitWriter]);

export interface WriteResult {
  /** Absolute paths of the files written, report.json first. */
  written: string[];
  /** Writers that threw (rendering or writing); the others still wrote their files. */
  failed: { writer: string; error: Error }[];
}

/**
 * Writes a run's report files into `runDir`: checks the report against the model (a report that does
 * not match its own schema is a bug of the lab: a plain Error naming the wrong fields, nothing written), writes report.json first, then
 * every other writer on its own, like Playwright's reporter multiplexer: a writer that throws is
 * recorded in `failed` and never stops the others. Each file is written to a temp name and renamed, so
 * a reader (or a re-render over an old run) never sees half a file.
 */
export async function writeReports(
  report: Report,
  runDir: string,
  options: { writers?: readonly ReportWriter[] } = {},
): Promise<WriteResult> {
  const checked = checkReport(report, `the report of run ${report?.runId ?? '(no runId)'}`);
  if ('problem' in checked) throw new Error(checked.problem);
  const valid = checked.report;
  await mkdir(runDir, { recursive: true });
  const writers = [...(options.writers ?? reportWriters.list())].sort(
    (a, b) => Number(b.name === jsonWriter.name) - Number(a.name === jsonWriter.name),
  );
  const result: WriteResult = { written: [], failed: [] };
  for (const writer of writers) {
    try {
      const file = path.resolve(runDir, writer.file);
      await writeAtomically(file, writer.render(valid));
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
