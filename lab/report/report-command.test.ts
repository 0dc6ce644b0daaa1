import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findTool } from '../testing/tool.js';
import { jsonWriter } from './json.js';
import { sampleReport } from './test/sample-report.js';
import { runReportCommand } from './test/run-report-command.js';
import { writeReports } from './write-reports.js';

const chromiumTool = findTool('chromium', 'apt-get install chromium');
if (chromiumTool.skipReason) console.warn(chromiumTool.skipReason);

let runDir: string;
beforeEach(async () => {
  runDir = await mkdtemp(path.join(tmpdir(), 'lab-report-command-'));
});
afterEach(async () => {
  await rm(runDir, { recursive: true, force: true });
});

describe('lab report RUN_DIR', () => {
  it('renders report.md, report.html and junit.xml again from report.json, leaving report.json as it is', async () => {
    const report = sampleReport();
    report.scenarios[1]!.reason = 'recovery took 11.5 s (edited in report.json)';
    await writeReports(report, runDir, { writers: [jsonWriter] });
    const json = await readFile(path.join(runDir, 'report.json'), 'utf8');

    const result = await runReportCommand([runDir]);

    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.stdout.trim().split('\n')).toEqual(
      ['report.md', 'report.html', 'junit.xml'].map(
        (f) => `wrote ${path.relative(process.cwd(), path.join(runDir, f))}`,
      ),
    );
    expect((await readdir(runDir)).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md']);
    expect(await readFile(path.join(runDir, 'report.md'), 'utf8')).toContain(
      '**Why fail:** recovery took 11.5 s (edited in report.json)',
    );
    expect(await readFile(path.join(runDir, 'junit.xml'), 'utf8')).toContain('edited in report.json');
    expect(await readFile(path.join(runDir, 'report.json'), 'utf8')).toBe(json);
  });

  it('exits 2 with one message when the folder does not exist', async () => {
    const missing = path.join(runDir, 'no-such-run');
    expect(await runReportCommand([missing])).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: `error: run folder ${missing} does not exist; give the folder of one run, e.g. reports/latest\n`,
    });
  });

  it('exits 2 naming the file and the field when report.json is invalid', async () => {
    await writeFile(
      path.join(runDir, 'report.json'),
      JSON.stringify({ ...sampleReport(), seed: 'forty-two' }),
    );
    const result = await runReportCommand([runDir]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      `error: ${path.join(runDir, 'report.json')} is not a valid lab report (schema version 1): seed: Invalid input: expected number, received string\n`,
    );
    expect(await readdir(runDir)).toEqual(['report.json']);
  });

  it('exits 2 without a run folder argument (usage error)', async () => {
    const result = await runReportCommand([]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("missing required argument 'run-dir'");
  });

  it('--pdf without a Chromium on PATH exits 2 saying how to get one', async () => {
    await writeReports(sampleReport(), runDir, { writers: [jsonWriter] });
    const emptyBin = path.join(runDir, 'bin');
    await mkdir(emptyBin);
    const savedPath = process.env.PATH;
    process.env.PATH = emptyBin;
    try {
      const result = await runReportCommand([runDir, '--pdf']);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(
        /^error: cannot write .*report\.pdf: no Chromium found on PATH \(looked for chromium, .*\); install it \(e\.g\. apt-get install chromium\) or run without --pdf\n$/,
      );
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it.skipIf(!!chromiumTool.skipReason)(
    '--pdf prints report.html to a PDF with headless Chromium',
    async () => {
      await writeReports(sampleReport(), runDir, { writers: [jsonWriter] });
      const result = await runReportCommand([runDir, '--pdf']);
      expect(result).toMatchObject({ exitCode: 0, stderr: '' });
      expect(result.stdout).toContain(
        `wrote ${path.relative(process.cwd(), path.join(runDir, 'report.pdf'))}`,
      );
      const pdf = await readFile(path.join(runDir, 'report.pdf'));
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // Two scenarios with charts and tables: several pages, not an empty document.
      expect((await stat(path.join(runDir, 'report.pdf'))).size).toBeGreaterThan(20_000);
    },
  );
});
