import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Report } from './report-model.js';
import { ReportError } from './report-error.js';
import { validateReport } from './validate-report.js';

/**
 * Reads `<runDir>/report.json` and checks it against the model. Every way it can go wrong is a
 * ReportError (exit 2) that names the folder or file and, for an invalid report, the fields.
 */
export async function readReport(runDir: string): Promise<Report> {
  const dirStat = await stat(runDir).catch(() => undefined);
  if (!dirStat)
    throw new ReportError(
      `run folder ${runDir} does not exist; give the folder of one run, e.g. reports/latest`,
    );
  if (!dirStat.isDirectory())
    throw new ReportError(`${runDir} is not a folder; give the folder of one run (it holds report.json)`);
  return readReportFile(path.join(runDir, 'report.json'), runDir);
}

/**
 * A report given either way a person would: a run folder (reports/latest) or its report.json
 * (`lab fidelity a/report.json b/report.json`).
 */
export async function readReportAt(target: string): Promise<Report> {
  const found = await stat(target).catch(() => undefined);
  if (!found)
    throw new ReportError(
      `${target} does not exist; give a run's report.json or its folder, e.g. reports/latest`,
    );
  return found.isDirectory() ? readReport(target) : readReportFile(target);
}

async function readReportFile(file: string, runDir?: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ReportError(
      code === 'ENOENT' && runDir !== undefined
        ? `${file} not found: ${runDir} is not a run folder (a run folder holds report.json, e.g. reports/latest)`
        : `${file} could not be read: ${(error as Error).message}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReportError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  return validateReport(value, file);
}
