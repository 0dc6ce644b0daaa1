/** The report part of the lab: report.json's schema, the writers, and reading/re-rendering a run folder. */
export { writeReports, reportWriters, type WriteResult } from './write-reports.js';
export { readReport, readReportAt } from './read-report.js';
export { rerender, type RerenderResult } from './rerender.js';
export { updateLatestLink } from './latest-link.js';
export { validateReport } from './validate-report.js';
export { ReportError } from './report-error.js';
export { ReportWriterRegistry } from './writer-registry.js';
export type { ReportWriter } from './report-writer.js';
export { renderMarkdown, markdownWriter } from './markdown.js';
export { renderHtml, htmlWriter } from './html.js';
export { renderJunit, junitWriter } from './junit.js';
export { jsonWriter } from './json.js';
export { buildReportJsonSchema, reportSchemaFile, reportSchemaId } from './json-schema.js';
export { findChromium, renderPdf } from './pdf.js';
