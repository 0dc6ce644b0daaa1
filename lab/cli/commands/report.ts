import path from 'node:path';
import { Command } from 'commander';
import { rerender } from '../../report/index.js';

/**
 * `lab report RUN_DIR [--pdf]`: renders report.md, report.html and junit.xml again from the run's
 * report.json (the source of truth; it is not rewritten), and with --pdf prints report.html to
 * report.pdf with the machine's Chromium. Exit 2 (one message) when RUN_DIR or its report.json is
 * missing or invalid, or --pdf has no Chromium; exit 1 when a writer failed (the others still wrote).
 */
export function reportCommand(): Command {
  return new Command('report')
    .description("render a run's reports again from its report.json (report.md, report.html, junit.xml)")
    .argument('<run-dir>', 'folder of one run, e.g. reports/latest')
    .option('--pdf', 'also print report.html to report.pdf (needs chromium on PATH)')
    .action(async (runDir: string, options: { pdf?: boolean }) => {
      const result = await rerender(runDir, { pdf: options.pdf === true });
      for (const file of [...result.written, ...(result.pdf ? [result.pdf] : [])])
        process.stdout.write(`wrote ${path.relative(process.cwd(), file) || file}\n`);
      if (result.failed.length > 0)
        throw new AggregateError(
          result.failed.map((f) => new Error(`${f.writer} writer: ${f.error.message}`)),
          `${result.failed.length} report file(s) could not be written in ${runDir}`,
        );
    });
}
