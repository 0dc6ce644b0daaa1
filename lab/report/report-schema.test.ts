import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildReportJsonSchema, reportSchemaFile } from './json-schema.js';
import { reportSchemaVersion } from './report-model.js';
import { sampleReport } from './test/sample-report.js';
import { reportSchemaErrors } from './test/validate-report-file.js';

describe('report.schema.json', () => {
  it('is the schema generated from the zod model (regenerate with `npm run schema:report`)', async () => {
    const committed: unknown = JSON.parse(await readFile(reportSchemaFile, 'utf8'));
    expect(committed, 'lab/report/report.schema.json is stale: run `npm run schema:report`').toEqual(
      buildReportJsonSchema(),
    );
  });

  it('names its schema version in $id and title, and is a draft 2020-12 schema', async () => {
    const schema = JSON.parse(await readFile(reportSchemaFile, 'utf8')) as Record<string, unknown>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(`urn:dhakacart-lab:report:v${reportSchemaVersion}`);
    expect(schema.title).toContain(`schema version ${reportSchemaVersion}`);
  });

  it('accepts a realistic report (two scenarios, faults, checks, 60-bucket timelines)', async () => {
    expect(await reportSchemaErrors(sampleReport())).toEqual([]);
  });

  it('rejects a report with a wrong field, naming the field', async () => {
    const report = sampleReport() as unknown as { scenarios: Record<string, unknown>[] };
    report.scenarios[1]!.verdict = 'passed';
    delete report.scenarios[0]!.timeline;
    const errors = await reportSchemaErrors(report);
    expect(errors.join('\n')).toMatch(/^\/scenarios\/1\/verdict must be equal to one of the allowed values/m);
    expect(errors.join('\n')).toMatch(/^\/scenarios\/0 must have required property 'timeline'/m);
  });

  it('rejects a report of another schema version and fields it does not define', async () => {
    expect((await reportSchemaErrors({ ...sampleReport(), schemaVersion: 2 })).join('\n')).toMatch(
      /^\/schemaVersion must be equal to constant/m,
    );
    expect((await reportSchemaErrors({ ...sampleReport(), verdikt: 'pass' })).join('\n')).toMatch(
      /must NOT have additional properties.*verdikt/,
    );
  });
});
