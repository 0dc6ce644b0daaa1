import { formatField, type FieldPath, type ManifestDocument } from './manifest-document.js';
import type { TopologyProblem } from './topology-error.js';

/** Collects problems while the loader keeps going, so that one run reports all of them. */
export class ProblemList {
  readonly items: TopologyProblem[] = [];
  readonly #repaired = new Map<ManifestDocument, FieldPath[]>();

  /**
   * Fields of `document` that failed validation and were dropped so its other checks could still run:
   * later problems on those fields, their parents or their children would only echo the first one.
   */
  repaired(document: ManifestDocument, paths: readonly FieldPath[]): void {
    this.#repaired.set(document, [...(this.#repaired.get(document) ?? []), ...paths]);
  }

  #echoesRepair(document: ManifestDocument, path: FieldPath): boolean {
    const within = (outer: FieldPath, inner: FieldPath) =>
      outer.length <= inner.length && outer.every((segment, i) => String(segment) === String(inner[i]));
    return (this.#repaired.get(document) ?? []).some((cut) => within(cut, path) || within(path, cut));
  }

  add(problem: TopologyProblem): void {
    this.items.push(problem);
  }

  /** A problem with a field of a manifest document: file, line, resource and field filled in. */
  at(document: ManifestDocument, path: FieldPath, message: string, hint?: string): void {
    if (this.#echoesRepair(document, path)) return;
    this.add({
      file: document.file,
      line: document.lineOf(path),
      ...(document.resource ? { resource: document.resource } : {}),
      ...(path.length > 0 ? { field: formatField(path) } : {}),
      message,
      ...(hint ? { hint } : {}),
    });
  }

  get count(): number {
    return this.items.length;
  }
}
