import type { z } from 'zod';
import type { ManifestDocument } from './manifest-document.js';
import type { ProblemList } from './problem-list.js';
import {
  KIND_SCHEMAS,
  type AutoscalerInput,
  type ConfigMapInput,
  type DeploymentInput,
  type DisruptionBudgetInput,
  type IngressInput,
  type RunKind,
  type SecretInput,
  type ServiceInput,
} from './schemas.js';

/** A validated object and the document it came from (for errors that need its lines). */
export interface Parsed<T> {
  document: ManifestDocument;
  object: T;
}

export interface ParsedManifests {
  Deployment: Parsed<DeploymentInput>[];
  Service: Parsed<ServiceInput>[];
  Ingress: Parsed<IngressInput>[];
  HorizontalPodAutoscaler: Parsed<AutoscalerInput>[];
  PodDisruptionBudget: Parsed<DisruptionBudgetInput>[];
  ConfigMap: Parsed<ConfigMapInput>[];
  Secret: Parsed<SecretInput>[];
  /** `Kind/name` of objects that failed validation: a reference to one is not reported a second time. */
  invalid: Set<string>;
}

/** ConfigMaps and Secrets are not repaired: a dropped key would make every reference to it a second problem. */
const REPAIRABLE = new Set<RunKind>([
  'Deployment',
  'Service',
  'Ingress',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
]);
const MAX_REPAIRS = 8;

/** Where to cut for an issue: the field itself when present, else the object property missing it. */
function cutPoint(root: unknown, path: readonly PropertyKey[]): PropertyKey[] | undefined {
  let parent: unknown = root;
  for (const segment of path.slice(0, -1))
    parent = (parent as Record<PropertyKey, unknown> | undefined)?.[segment];
  const last = path.at(-1);
  if (last !== undefined && parent !== null && typeof parent === 'object' && Object.hasOwn(parent, last)) {
    return [...path];
  }
  const owner = path.slice(0, -1);
  return typeof owner.at(-1) === 'string' ? owner : undefined;
}

function deleteAt(root: unknown, path: readonly PropertyKey[]): void {
  let parent: unknown = root;
  for (const segment of path.slice(0, -1))
    parent = (parent as Record<PropertyKey, unknown> | undefined)?.[segment];
  if (parent && typeof parent === 'object' && !Array.isArray(parent))
    delete (parent as Record<PropertyKey, unknown>)[path.at(-1)!];
}

/**
 * After a failed validation, drops the failing object fields (a mistyped `periodSeconds` falls back to
 * its default) until the object parses, so that its other checks (annotations, references) still run
 * and one load reports every problem. Gives up when a list item or the object itself would have to go.
 */
function repair(schema: z.ZodType, value: unknown): { data: unknown; cuts: PropertyKey[][] } | undefined {
  const working: unknown = structuredClone(value);
  const cuts: PropertyKey[][] = [];
  for (let attempt = 0; attempt < MAX_REPAIRS; attempt += 1) {
    const result = schema.safeParse(working);
    if (result.success) return { data: result.data, cuts };
    for (const issue of result.error.issues) {
      const cutAt =
        issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
      for (const path of cutAt) {
        const cut = cutPoint(working, path);
        if (!cut) return undefined;
        deleteAt(working, cut);
        cuts.push(cut);
      }
    }
  }
  return undefined;
}

const isRunKind = (kind: string): kind is RunKind => Object.hasOwn(KIND_SCHEMAS, kind);

/**
 * Validates every document of a kind the lab runs against its schema; other kinds are skipped. Each
 * zod issue becomes a problem at the issue's field; an invalid object is left out of the result.
 */
export function parseObjects(documents: readonly ManifestDocument[], problems: ProblemList): ParsedManifests {
  const parsed: ParsedManifests = {
    Deployment: [],
    Service: [],
    Ingress: [],
    HorizontalPodAutoscaler: [],
    PodDisruptionBudget: [],
    ConfigMap: [],
    Secret: [],
    invalid: new Set(),
  };
  const seen = new Map<string, ManifestDocument>();
  for (const document of documents) {
    if (!document.kind) {
      problems.at(document, ['kind'], 'missing; expected the kind of the Kubernetes object');
      continue;
    }
    if (!isRunKind(document.kind)) continue;
    const { apiVersion, schema } = KIND_SCHEMAS[document.kind];
    if (document.apiVersion !== apiVersion) {
      problems.at(
        document,
        ['apiVersion'],
        `expected ${apiVersion} for a ${document.kind}, got ${JSON.stringify(document.apiVersion)}`,
      );
      if (document.resource) parsed.invalid.add(document.resource);
      continue;
    }
    const first = document.resource ? seen.get(document.resource) : undefined;
    if (first) {
      problems.at(
        document,
        ['metadata', 'name'],
        `${document.resource} is defined twice (first in ${first.file}:${first.lineOf([])})`,
      );
      continue;
    }
    if (document.resource) seen.set(document.resource, document);

    const result = (schema as z.ZodType).safeParse(document.value);
    if (!result.success) {
      for (const issue of result.error.issues) {
        // One problem per unknown field, at the field's own line.
        const paths =
          issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
        for (const path of paths) problems.at(document, path, issue.message);
      }
      const repaired = REPAIRABLE.has(document.kind)
        ? repair(schema as z.ZodType, document.value)
        : undefined;
      if (!repaired) {
        if (document.resource) parsed.invalid.add(document.resource);
        continue;
      }
      problems.repaired(document, repaired.cuts);
      (parsed[document.kind] as Parsed<unknown>[]).push({ document, object: repaired.data });
      continue;
    }
    (parsed[document.kind] as Parsed<unknown>[]).push({ document, object: result.data });
  }
  return parsed;
}
