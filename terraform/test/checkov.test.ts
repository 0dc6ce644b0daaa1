import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { findTool } from '../../lab/testing/tool.js';
import { terraformRoot } from './support/hcl.js';

interface CheckovCheck {
  check_id: string;
  check_name: string;
  resource: string;
  file_path: string;
  file_line_range: [number, number];
  check_result: { result: string; suppress_comment?: string };
}
interface CheckovReport {
  summary: {
    passed: number;
    failed: number;
    skipped: number;
    parsing_errors: number;
    resource_count: number;
    checkov_version: string;
  };
  results: {
    passed_checks?: CheckovCheck[];
    failed_checks?: CheckovCheck[];
    skipped_checks?: CheckovCheck[];
  };
}

const checkov = findTool('checkov', 'pip install checkov');
if (checkov.skipReason) console.warn(checkov.skipReason);

const where = (c: CheckovCheck): string =>
  `${c.check_id} ${c.resource} (${c.file_path}:${c.file_line_range[0]}): ${c.check_name}`;

describe.skipIf(!!checkov.skipReason)('checkov', () => {
  let report: CheckovReport;

  beforeAll(() => {
    // --skip-download: no calls to Prisma Cloud (this machine and CI are offline for it);
    // --download-external-modules false: every module is local anyway.
    const run = spawnSync(
      checkov.path!,
      [
        '-d',
        terraformRoot,
        '--framework',
        'terraform',
        '--compact',
        '-o',
        'json',
        '--download-external-modules',
        'false',
        '--skip-download',
      ],
      { encoding: 'utf8', timeout: 240_000, maxBuffer: 64 * 1024 * 1024 },
    );
    if (run.error) throw run.error;
    // Exit code 1 only means "some check failed"; the JSON says which.
    if (![0, 1].includes(run.status ?? -1)) throw new Error(`checkov exited ${run.status}: ${run.stderr}`);
    const parsed = JSON.parse(run.stdout) as CheckovReport | CheckovReport[];
    report = Array.isArray(parsed) ? parsed.find((r) => r.summary)! : parsed;
  }, 300_000);

  it('reads every file and module: no parsing errors, all resources seen', () => {
    expect(report.summary.parsing_errors).toBe(0);
    expect(report.summary.resource_count).toBeGreaterThan(80);
    expect(report.summary.passed).toBeGreaterThan(150);
  });

  it('finds no failed check', () => {
    expect((report.results.failed_checks ?? []).map(where)).toEqual([]);
  });

  it('has a reason next to every suppression (#checkov:skip=ID:reason)', () => {
    const unexplained = (report.results.skipped_checks ?? []).filter(
      (c) => !c.check_result.suppress_comment || c.check_result.suppress_comment.trim().length < 20,
    );
    expect(unexplained.map(where)).toEqual([]);
  });
});
