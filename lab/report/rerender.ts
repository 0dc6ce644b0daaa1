import path from 'node:path';
import { jsonWriter } from './json.js';
import { renderPdf } from './pdf.js';
import { readReport } from './read-report.js';
import { reportWriters, writeReports, type WriteResult } from './write-reports.js';

export interface RerenderResult extends WriteResult {
  /** The PDF written, when asked for. */
  pdf?: string;
}

/**
 * `lab report DIR`: renders every report file again from the run's report.json (after a writer was
 * fixed or improved). report.json itself is the source and is left as it is. With `pdf`, also prints
 * report.html to report.pdf.
 */
export async function rerender(runDir: string, options: { pdf?: boolean } = {}): Promise<RerenderResult> {
  const report = await readReport(runDir);
  const writers = reportWriters.list().filter((w) => w.name !== jsonWriter.name);
  const result: RerenderResult = await writeReports(report, runDir, { writers });
  if (options.pdf) {
    const html = path.resolve(runDir, 'report.html');
    if (!result.written.includes(html))
      throw new Error(`cannot write report.pdf: report.html could not be rendered`, {
        cause: result.failed.find((f) => f.writer === 'html')?.error,
      });
    result.pdf = path.resolve(runDir, 'report.pdf');
    await renderPdf(html, result.pdf);
  }
  return result;
}
