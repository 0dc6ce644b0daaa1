import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { readReportAt } from '../../report/index.js';
import {
  compareReports,
  defaultFidelityThreshold,
  renderFidelityText,
  writeFidelity,
} from '../../report/fidelity/index.js';
import { UsageError } from '../errors.js';

/**
 * `lab fidelity A B [...] [--threshold 0.2] [--out DIR]`: the figures of runs made on different
 * profiles side by side (lab/report/fidelity), printed as a table and written as fidelity.json, .md
 * and .html into DIR (default reports/fidelity-<time>/ under the working directory). It reports and
 * does not judge: exit 0 whatever differs; 2 when a report is missing or invalid or a flag is wrong;
 * 1 when a fidelity file could not be written. (`lab compare` is the regression check between runs.)
 */
export function fidelityCommand(): Command {
  return new Command('fidelity')
    .description(
      'compare runs made on different profiles (their report.json or run folders): figures side by side, differences beyond the threshold',
    )
    .argument('<reports...>', 'two or more report.json files or run folders, e.g. reports/a/report.json')
    .option(
      '--threshold <fraction>',
      'relative difference above which figures differ (0.2 = 20 %)',
      fraction,
      defaultFidelityThreshold,
    )
    .option('--out <dir>', 'where fidelity.json, .md and .html go (default: reports/fidelity-<time>/)')
    .action(async (targets: string[], options: { threshold: number; out?: string }) => {
      if (targets.length < 2)
        throw new UsageError(`lab fidelity needs two reports or more to compare, got ${targets.length}`);
      const reports = [];
      for (const target of targets) reports.push(await readReportAt(target));
      const out = path.resolve(options.out ?? path.join('reports', `fidelity-${timestamp(new Date())}`));
      // Recorded relative to the output folder, so fidelity.html links each run's report.html.
      const sources = targets.map((target) => {
        const file = path.extname(target) === '.json' ? target : path.join(target, 'report.json');
        return path.relative(out, path.resolve(file));
      });
      const comparison = compareReports(reports, { threshold: options.threshold, sources });
      const { written, failed } = await writeFidelity(comparison, out);
      process.stdout.write(renderFidelityText(comparison));
      for (const file of written)
        process.stdout.write(`wrote ${path.relative(process.cwd(), file) || file}\n`);
      if (failed.length > 0)
        throw new AggregateError(
          failed.map((f) => new Error(`${f.writer} writer: ${f.error.message}`)),
          `${failed.length} fidelity file(s) could not be written in ${out}`,
        );
    });
}

function fraction(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n > 0 && n < 1))
    throw new InvalidArgumentError('expected a fraction between 0 and 1, e.g. 0.2 for 20 %.');
  return n;
}

/** `20260301-101502`, in UTC like run ids. */
const timestamp = (now: Date): string =>
  now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
