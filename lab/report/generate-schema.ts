import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildReportJsonSchema, reportSchemaFile } from './json-schema.js';

/**
 * Regenerates lab/report/report.schema.json from the zod model (`npm run schema:report`). Run it after
 * changing report-model.ts; a test fails while the committed file differs from the generated one.
 */
await writeFile(reportSchemaFile, `${JSON.stringify(buildReportJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${path.relative(process.cwd(), reportSchemaFile)}\n`);
