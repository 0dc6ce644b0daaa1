import { readFile } from 'node:fs/promises';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { reportSchemaFile } from '../json-schema.js';

/**
 * Validates report.json files against the PUBLISHED schema file (lab/report/report.schema.json) with
 * Ajv, not against the zod model it was generated from: what tests prove is what other tools read.
 */
let compiled: Promise<ValidateFunction> | undefined;

export function reportFileValidator(): Promise<ValidateFunction> {
  compiled ??= readFile(reportSchemaFile, 'utf8').then((text) => {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats.default(ajv);
    return ajv.compile(JSON.parse(text) as object);
  });
  return compiled;
}

/** Errors of a value against the schema file, as `/scenarios/1/verdict must be equal to one of ...`; [] when valid. */
export async function reportSchemaErrors(value: unknown): Promise<string[]> {
  const validate = await reportFileValidator();
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
  );
}

/** Throws, naming the file and every schema violation, unless `file` is a valid report.json. */
export async function validateReportFile(file: string): Promise<void> {
  const errors = await reportSchemaErrors(JSON.parse(await readFile(file, 'utf8')));
  if (errors.length > 0)
    throw new Error(`${file} does not match lab/report/report.schema.json:\n  ${errors.join('\n  ')}`);
}
