import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml';

/** A path inside a Kubernetes object, as zod reports it: `['spec', 'replicas']`, `['containers', 0]`. */
export type FieldPath = readonly PropertyKey[];

/** One YAML document of a manifest file, with what is needed to point an error at its line. */
export interface ManifestDocument {
  /** Path relative to the repository root (absolute when outside it). */
  file: string;
  /** The document as plain JavaScript values. */
  value: unknown;
  kind?: string;
  apiVersion?: string;
  name?: string;
  namespace?: string;
  /** `Kind/name`, when the document says its kind. */
  resource?: string;
  /** The line of the field at `path`, or of the closest parent of it that exists. */
  lineOf(path: FieldPath): number;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `spec.template.metadata.annotations["lab.dhakacart.dev/container"]`, `containers[0].env[3]`. */
export function formatField(path: FieldPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (IDENTIFIER.test(String(segment))) text += `${text ? '.' : ''}${String(segment)}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}

/**
 * Walks the YAML node tree along `path` and returns the line of the deepest key or item found. A
 * missing field thus points at its parent (`readinessProbe:` for a missing `periodSeconds`).
 */
export function lineInDocument(document: Document, lines: LineCounter, path: FieldPath): number {
  let node: unknown = document.contents;
  let offset = document.contents?.range?.[0] ?? 0;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(document);
    if (isMap(node)) {
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(segment));
      if (!pair) break;
      offset = (isScalar(pair.key) && pair.key.range?.[0]) || offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (!item) break;
      const range = (item as { range?: [number, number, number] }).range;
      offset = range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return lines.linePos(offset).line;
}
