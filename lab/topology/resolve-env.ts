import type { ConfigSources } from './config-sources.js';
import type { FieldPath, ManifestDocument } from './manifest-document.js';
import type { ContainerInput, KeyRefInput } from './pod-schemas.js';
import type { ProblemList } from './problem-list.js';

/** Where a problem with an env reference is reported, and how to fix a missing object. */
export interface EnvContext {
  document: ManifestDocument;
  /** Path of the container, e.g. `['spec', 'template', 'spec', 'containers', 0]`. */
  containerPath: FieldPath;
  sources: ConfigSources;
  problems: ProblemList;
  /** Where the local profile reads Secrets from, for the fix hint. */
  secretsFile: string;
  /** Set when a non-optional reference did not resolve. */
  incomplete?: boolean;
}

/** The environment, and whether every non-optional reference resolved (else checks of it would echo). */
export interface ResolvedEnv {
  env: Record<string, string>;
  complete: boolean;
}

type SourceKind = 'ConfigMap' | 'Secret';

function lookUp(kind: SourceKind, name: string, context: EnvContext) {
  return (kind === 'Secret' ? context.sources.secrets : context.sources.configMaps).get(name);
}

function missingHint(kind: SourceKind, context: EnvContext): string {
  return kind === 'Secret'
    ? `the local profile reads Secrets from ${context.secretsFile}; add it there or mark the reference optional: true`
    : 'add it to a file listed in base/kustomization.yaml, or mark the reference optional: true';
}

/**
 * Kubernetes' `$(VAR)` expansion of plain env values: a reference to a variable defined before it is
 * replaced, `$$` stands for a literal `$`, an unknown reference stays as written.
 */
export function expandReferences(value: string, env: Readonly<Record<string, string>>): string {
  return value.replace(/\$\$|\$\(([^)]*)\)/g, (match, name: string | undefined) =>
    match === '$$' ? '$' : name !== undefined && Object.hasOwn(env, name) ? (env[name] as string) : match,
  );
}

function fromKeyRef(
  kind: SourceKind,
  ref: KeyRefInput,
  path: FieldPath,
  context: EnvContext,
): string | undefined {
  const data = lookUp(kind, ref.name, context);
  if (!data) {
    if (!ref.optional && !context.sources.invalid.has(`${kind}/${ref.name}`)) {
      context.problems.at(
        context.document,
        [...path, 'name'],
        `${kind} "${ref.name}" is not in the manifests the lab reads`,
        missingHint(kind, context),
      );
    }
    return undefined;
  }
  if (!Object.hasOwn(data, ref.key)) {
    if (!ref.optional) {
      context.incomplete = true;
      const keys = Object.keys(data).join(', ') || 'none';
      context.problems.at(
        context.document,
        [...path, 'key'],
        `${kind} "${ref.name}" has no key "${ref.key}" (its keys: ${keys})`,
        missingHint(kind, context),
      );
    }
    return undefined;
  }
  return data[ref.key];
}

/**
 * The container's environment as the kubelet builds it: envFrom sources in order (with their prefix),
 * then env entries overriding them; an optional reference to an absent object or key is left out.
 */
export function resolveEnv(container: ContainerInput, context: EnvContext): ResolvedEnv {
  const { document, containerPath, problems } = context;
  const env: Record<string, string> = {};

  container.envFrom.forEach((source, index) => {
    const path = [...containerPath, 'envFrom', index];
    if (Boolean(source.configMapRef) === Boolean(source.secretRef)) {
      problems.at(document, path, 'expected exactly one of configMapRef and secretRef');
      return;
    }
    const [kind, field, ref] = source.configMapRef
      ? (['ConfigMap', 'configMapRef', source.configMapRef] as const)
      : (['Secret', 'secretRef', source.secretRef!] as const);
    const data = lookUp(kind, ref.name, context);
    if (!data) {
      if (!ref.optional) context.incomplete = true;
      if (!ref.optional && !context.sources.invalid.has(`${kind}/${ref.name}`)) {
        problems.at(
          document,
          [...path, field, 'name'],
          `${kind} "${ref.name}" is not in the manifests the lab reads`,
          missingHint(kind, context),
        );
      }
      return;
    }
    for (const [key, value] of Object.entries(data)) env[`${source.prefix}${key}`] = value;
  });

  container.env.forEach((entry, index) => {
    const path = [...containerPath, 'env', index];
    if (!entry.valueFrom) {
      env[entry.name] = expandReferences(entry.value ?? '', env);
      return;
    }
    const from = entry.valueFrom;
    const sources = [from.secretKeyRef, from.configMapKeyRef, from.fieldRef, from.resourceFieldRef].filter(
      Boolean,
    );
    if (entry.value !== undefined || sources.length !== 1) {
      problems.at(document, path, 'expected either value or valueFrom with exactly one source');
      return;
    }
    if (!from.secretKeyRef && !from.configMapKeyRef) {
      const field = from.fieldRef ? 'fieldRef' : 'resourceFieldRef';
      problems.at(
        document,
        [...path, 'valueFrom', field],
        `${field} is not supported by the lab's local profile; use value, secretKeyRef or configMapKeyRef`,
      );
      return;
    }
    const value = from.secretKeyRef
      ? fromKeyRef('Secret', from.secretKeyRef, [...path, 'valueFrom', 'secretKeyRef'], context)
      : fromKeyRef('ConfigMap', from.configMapKeyRef!, [...path, 'valueFrom', 'configMapKeyRef'], context);
    if (value !== undefined) env[entry.name] = value;
  });
  return { env, complete: !context.incomplete };
}
