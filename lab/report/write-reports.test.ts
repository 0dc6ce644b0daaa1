import { mkdir, mkdtemp, readdir, readlink, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonWriter } from './json.js';
import { updateLatestLink } from './latest-link.js';
import { markdownWriter } from './markdown.js';
import { readReport } from './read-report.js';
import type { ReportWriter } from './report-writer.js';
import { sampleReport } from './test/sample-report.js';
import { validateReportFile } from './test/validate-report-file.js';
import { ReportWriterRegistry } from './writer-registry.js';
import { reportWriters, writeReports } from './write-reports.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lab-report-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeReports', () => {
  it('writes report.json first, then report.md, report.html and junit.xml, and report.json matches the schema file', async () => {
    const runDir = path.join(dir, 'run');
    const { written, failed } = await writeReports(sampleReport(), runDir);
    expect(failed).toEqual([]);
    expect(written.map((f) => path.relative(runDir, f))).toEqual([
      'report.json',
      'report.md',
      'report.html',
      'junit.xml',
    ]);
    expect((await readdir(runDir)).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md']);
    await validateReportFile(path.join(runDir, 'report.json'));
    expect(await readReport(runDir)).toEqual(sampleReport());
  });

  it('keeps writing the other files when one writer throws, and says which one failed', async () => {
    const broken: ReportWriter = {
      name: 'broken',
      file: 'broken.txt',
      render: () => {
        throw new Error('chart library missing');
      },
    };
    const writers = [broken, ...reportWriters.list()];
    const { written, failed } = await writeReports(sampleReport(), dir, { writers });
    expect(failed).toEqual([{ writer: 'broken', error: new Error('chart library missing') }]);
    expect(written.map((f) => path.basename(f))).toEqual([
      'report.json',
      'report.md',
      'report.html',
      'junit.xml',
    ]);
    expect(await readdir(dir)).not.toContain('broken.txt');
  });

  it('refuses a report that does not match the model, naming the fields, and writes nothing', async () => {
    const report = sampleReport();
    (report.scenarios[0]!.results as { requests: unknown }).requests = '3000';
    (report as { profile: unknown }).profile = 'kind';
    await expect(writeReports(report, dir)).rejects.toThrow(
      /the report of run 20260301-101502-a3f9 is not a valid lab report \(schema version 1\): profile: .*; scenarios\[0\]\.results\.requests: Invalid input: expected number, received string/,
    );
    // The lab built the report, so an invalid one is the lab's bug (exit 1), not a usage error (exit 2).
    await expect(writeReports(report, dir)).rejects.not.toHaveProperty('exitCode');
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('ReportWriterRegistry', () => {
  it('rejects a second writer with the same name or the same file', () => {
    const registry = new ReportWriterRegistry([jsonWriter, markdownWriter]);
    expect(() => registry.register({ ...markdownWriter, file: 'other.md' })).toThrow(
      'a report writer named "markdown" is already registered (it writes report.md); give each writer a unique name',
    );
    expect(() => registry.register({ ...markdownWriter, name: 'summary' })).toThrow(
      'report writers "markdown" and "summary" both write report.md',
    );
    expect(registry.list().map((w) => w.name)).toEqual(['json', 'markdown']);
  });

  it('holds the four report writers by name', () => {
    expect(reportWriters.list().map((w) => [w.name, w.file])).toEqual([
      ['json', 'report.json'],
      ['markdown', 'report.md'],
      ['html', 'report.html'],
      ['junit', 'junit.xml'],
    ]);
  });
});

describe('readReport', () => {
  it('names the folder when it does not exist', async () => {
    await expect(readReport(path.join(dir, 'nope'))).rejects.toMatchObject({
      exitCode: 2,
      message: `run folder ${path.join(dir, 'nope')} does not exist; give the folder of one run, e.g. reports/latest`,
    });
  });

  it('names report.json when the folder has none, or it is not JSON', async () => {
    await expect(readReport(dir)).rejects.toThrow(`${path.join(dir, 'report.json')} not found`);
    await writeFile(path.join(dir, 'report.json'), '{"runId": ');
    await expect(readReport(dir)).rejects.toThrow(`${path.join(dir, 'report.json')} is not valid JSON`);
  });

  it('names the file and the fields when report.json does not match the model', async () => {
    const report = sampleReport() as unknown as { scenarios: Record<string, unknown>[] };
    report.scenarios[1]!.verdict = 'passed';
    await writeFile(path.join(dir, 'report.json'), JSON.stringify(report));
    await expect(readReport(dir)).rejects.toThrow(
      `${path.join(dir, 'report.json')} is not a valid lab report (schema version 1): scenarios[1].verdict: Invalid option`,
    );
  });

  it('says which schema version a report from another lab version has', async () => {
    await writeFile(path.join(dir, 'report.json'), JSON.stringify({ ...sampleReport(), schemaVersion: 2 }));
    await expect(readReport(dir)).rejects.toThrow(
      `${path.join(dir, 'report.json')} has schemaVersion 2, but this lab reads schema version 1`,
    );
  });
});

describe('updateLatestLink', () => {
  it('points reports/latest at the newest run with a relative link, replacing the previous one', async () => {
    const first = path.join(dir, '20260301-101502-a3f9');
    const second = path.join(dir, '20260301-113000-0b1c');
    await mkdir(first);
    await mkdir(second);
    await updateLatestLink(dir, first);
    expect(await readlink(path.join(dir, 'latest'))).toBe('20260301-101502-a3f9');
    await updateLatestLink(dir, second);
    expect(await readlink(path.join(dir, 'latest'))).toBe('20260301-113000-0b1c');
    expect(await realpath(path.join(dir, 'latest'))).toBe(await realpath(second));
    expect((await readdir(dir)).sort()).toEqual(['20260301-101502-a3f9', '20260301-113000-0b1c', 'latest']);
  });

  it('refuses to replace a real folder named latest', async () => {
    await mkdir(path.join(dir, 'latest'));
    await mkdir(path.join(dir, 'run'));
    await expect(updateLatestLink(dir, path.join(dir, 'run'))).rejects.toThrow(
      `${path.join(dir, 'latest')} exists and is not a symbolic link`,
    );
  });
});
