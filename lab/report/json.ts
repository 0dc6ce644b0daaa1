import type { ReportWriter } from './report-writer.js';

/** report.json: the source of truth every other file is rendered from (validated before it is written). */
export const jsonWriter: ReportWriter = {
  name: 'json',
  file: 'report.json',
  render: (report) => `${JSON.stringify(report, null, 2)}\n`,
};
