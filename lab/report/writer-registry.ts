import type { ReportWriter } from './report-writer.js';

/**
 * Report writers looked up by name (like Playwright's reporter registry). Two writers with the same
 * name, or writing the same file, would silently replace each other's output, so both are rejected.
 */
export class ReportWriterRegistry {
  readonly #byName = new Map<string, ReportWriter>();

  constructor(writers: readonly ReportWriter[] = []) {
    for (const writer of writers) this.register(writer);
  }

  register(writer: ReportWriter): this {
    const sameName = this.#byName.get(writer.name);
    if (sameName)
      throw new Error(
        `a report writer named "${writer.name}" is already registered (it writes ${sameName.file}); ` +
          'give each writer a unique name',
      );
    const sameFile = [...this.#byName.values()].find((w) => w.file === writer.file);
    if (sameFile)
      throw new Error(
        `report writers "${sameFile.name}" and "${writer.name}" both write ${writer.file}; ` +
          'give each writer its own file',
      );
    this.#byName.set(writer.name, writer);
    return this;
  }

  get(name: string): ReportWriter {
    const writer = this.#byName.get(name);
    if (!writer)
      throw new Error(`no report writer named "${name}"; registered: ${[...this.#byName.keys()].join(', ')}`);
    return writer;
  }

  list(): ReportWriter[] {
    return [...this.#byName.values()];
  }
}
