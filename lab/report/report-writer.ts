import type { Report } from './report-model.js';

/**
 * One report file, rendered as a pure function of report.json (STYLE.md "Reports": k6's
 * handleSummary, Playwright's reporters). Writers never read the disk or the clock, so `lab report DIR`
 * re-renders exactly what the run wrote.
 */
export interface ReportWriter {
  /** Unique name, e.g. `markdown`; the registry rejects a second writer with the same name. */
  readonly name: string;
  /** File name in the run folder, e.g. `report.md`. */
  readonly file: string;
  render(report: Report): string | Uint8Array;
}
