import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { reportSchemaFile } from '../../report/json-schema.js';

/**
 * Checks a report.json against the published JSON Schema (lab/report/report.schema.json), the file
 * other tools validate against, independently of the zod model the lab writes it with.
 */
export async function validateReportFile(file: string): Promise<void> {
  const schema = JSON.parse(await readFile(reportSchemaFile, 'utf8')) as object;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  const report = JSON.parse(await readFile(file, 'utf8')) as unknown;
  if (!validate(report))
    throw new Error(
      `${file} does not match ${reportSchemaFile}:\n${ajv.errorsText(validate.errors, { separator: '\n' })}`,
    );
}
