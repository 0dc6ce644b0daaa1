import { LineCounter, parseAllDocuments } from 'yaml';
import { lineInDocument, type ManifestDocument } from './manifest-document.js';
import type { ProblemList } from './problem-list.js';

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Every non-empty YAML document of one file, with line look-up kept for errors. Syntax errors become
 * problems (with their line) and their document is left out; so is a document that is not a mapping.
 */
export function parseYamlFile(file: string, source: string, problems: ProblemList): ManifestDocument[] {
  const lines = new LineCounter();
  const parsed = parseAllDocuments(source, { lineCounter: lines, prettyErrors: false });
  const documents: ManifestDocument[] = [];
  for (const document of Array.isArray(parsed) ? parsed : []) {
    if (document.errors.length > 0) {
      for (const error of document.errors) {
        problems.add({
          file,
          line: lines.linePos(error.pos[0]).line,
          message: `not valid YAML: ${error.message.split('\n')[0]}`,
        });
      }
      continue;
    }
    if (document.contents === null) continue;
    const lineOf = (path: readonly PropertyKey[]) => lineInDocument(document, lines, path);
    const value: unknown = document.toJS({ maxAliasCount: 100 });
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.add({ file, line: lineOf([]), message: 'expected a Kubernetes object (a mapping)' });
      continue;
    }
    const record = value as Record<string, unknown>;
    const metadata = (record.metadata ?? {}) as Record<string, unknown>;
    const kind = text(record.kind);
    const name = text(metadata.name);
    documents.push({
      file,
      value,
      kind,
      apiVersion: text(record.apiVersion),
      name,
      namespace: text(metadata.namespace),
      resource: kind ? `${kind}/${name ?? '<no name>'}` : undefined,
      lineOf,
    });
  }
  return documents;
}
