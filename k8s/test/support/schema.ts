import path from 'node:path';
import ts from 'typescript';
import { REPO_ROOT, objectName, type KubeObject, type Manifest } from './manifests.js';

/**
 * Offline schema validation of Kubernetes objects with the kubernetes-models packages.
 *
 * Two checks, both from the same source of truth:
 * - types, required fields, enums and formats: the JSON-schema validator each kubernetes-models class
 *   ships (`new Deployment(obj).validate()`);
 * - unknown (misspelled) fields: those validators accept any extra property, as the API server's
 *   schemas do, while `kubectl apply` rejects them. So the declared properties are read from the
 *   packages' own TypeScript declarations (IDeployment, IClusterIssuer, ...) with the TypeScript
 *   compiler, and every field of the object is looked up there. Hand-written because no package on
 *   npm offers strict (additionalProperties: false) Kubernetes schemas that also cover these CRDs.
 */

/** Packages that hold models, searched in order; each maps apiVersion `group/version` to a subpath. */
const MODEL_PACKAGES = [
  'kubernetes-models',
  '@kubernetes-models/cert-manager',
  '@kubernetes-models/prometheus-operator',
  '@kubernetes-models/external-secrets',
];

interface ModelClass {
  new (data: unknown): { validate(): void };
  apiVersion: string;
  kind: string;
}

interface ResolvedKind {
  model: ModelClass;
  /** Module specifier the model was found in, e.g. "kubernetes-models/apps/v1". */
  specifier: string;
}

interface AjvLikeError {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

const kindKey = (object: Pick<KubeObject, 'apiVersion' | 'kind'>): string =>
  `${object.apiVersion} ${object.kind}`;

async function resolveKind(apiVersion: string, kind: string): Promise<ResolvedKind | undefined> {
  for (const pkg of MODEL_PACKAGES) {
    const specifier = `${pkg}/${apiVersion}`;
    let module: Record<string, unknown>;
    try {
      module = (await import(specifier)) as Record<string, unknown>;
    } catch {
      continue; // this package has no such group/version
    }
    const model = module[kind] as ModelClass | undefined;
    if (typeof model === 'function' && model.kind === kind && model.apiVersion === apiVersion) {
      return { model, specifier };
    }
  }
  return undefined;
}

/** "/spec/template/spec/containers/0/image" → "spec.template.spec.containers[0].image". */
export function fieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

/** The declared shape of each kind, read from the model packages' .d.ts files in one TS program. */
class DeclaredFields {
  private readonly types = new Map<string, ts.Type>();
  private readonly checker: ts.TypeChecker;

  constructor(kinds: Map<string, ResolvedKind>) {
    // A virtual module beside the repository's node_modules: `import type { IDeployment as T0 } ...`.
    const fileName = path.join(REPO_ROOT, 'k8s/test/support/__declared-kinds__.ts');
    const entries = [...kinds.entries()];
    const source = [
      ...entries.map(
        ([, { model, specifier }], i) => `import type { I${model.kind} as T${i} } from '${specifier}';`,
      ),
      `export type Kinds = [${entries.map((_, i) => `T${i}`).join(', ')}];`,
    ].join('\n');
    const options: ts.CompilerOptions = {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    };
    const host = ts.createCompilerHost(options);
    const readSourceFile = host.getSourceFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    host.getSourceFile = (name, language, ...rest) =>
      name === fileName
        ? ts.createSourceFile(name, source, language)
        : readSourceFile(name, language, ...rest);
    host.fileExists = (name) => name === fileName || fileExists(name);
    const program = ts.createProgram([fileName], options, host);
    this.checker = program.getTypeChecker();
    const file = program.getSourceFile(fileName);
    const problems = file ? ts.getPreEmitDiagnostics(program, file) : [];
    if (!file || problems.length > 0) {
      const text = problems.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')).join('; ');
      throw new Error(`could not read the model declarations: ${text}`);
    }
    const alias = file.statements.find(ts.isTypeAliasDeclaration);
    const tuple = alias && (this.checker.getTypeAtLocation(alias) as ts.TypeReference);
    const members = tuple ? this.checker.getTypeArguments(tuple) : [];
    entries.forEach(([key], i) => {
      const type = members[i];
      if (type) this.types.set(key, type);
    });
  }

  /** Every field of `object` its kind does not declare, as "path: unknown field ...". */
  unknownFields(object: KubeObject): string[] {
    const type = this.types.get(kindKey(object));
    const problems: string[] = [];
    if (type) this.walk(object, type, '', problems);
    return problems;
  }

  private walk(value: unknown, declared: ts.Type, at: string, problems: string[]): void {
    if (value === null || value === undefined || typeof value !== 'object') return;
    const type = this.checker.getNonNullableType(declared);
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return;
    if (type.isUnion()) {
      // IntOrString and friends: only an object member can have fields to check.
      const objects = type.types.filter((t) => t.flags & ts.TypeFlags.Object);
      if (objects.length === 1 && objects[0]) this.walk(value, objects[0], at, problems);
      return;
    }
    if (Array.isArray(value)) {
      if (!this.checker.isArrayType(type)) return; // a wrong type; the JSON schema reports it
      const [element] = this.checker.getTypeArguments(type as ts.TypeReference);
      if (element) value.forEach((item, i) => this.walk(item, element, `${at}[${i}]`, problems));
      return;
    }
    const index = type.getStringIndexType();
    const declaredFields = this.checker.getPropertiesOfType(type);
    // No properties and no index signature: a free-form object (x-kubernetes-preserve-unknown-fields).
    if (!index && declaredFields.length === 0) return;
    for (const [field, child] of Object.entries(value)) {
      const where = at ? `${at}.${field}` : field;
      const property = type.getProperty(field);
      if (property) this.walk(child, this.checker.getTypeOfSymbol(property), where, problems);
      else if (index) this.walk(child, index, where, problems);
      else {
        const known = declaredFields.map((p) => p.name).sort();
        problems.push(
          `${where}: unknown field "${field}"; ${at || 'the object'} accepts ${known.join(', ')}`,
        );
      }
    }
  }
}

export class SchemaValidator {
  private constructor(
    private readonly kinds: Map<string, ResolvedKind | undefined>,
    private readonly declared: DeclaredFields,
  ) {}

  /** Prepares validation for every kind that occurs in `manifests` (one TypeScript program for all). */
  static async for(manifests: Manifest[]): Promise<SchemaValidator> {
    const kinds = new Map<string, ResolvedKind | undefined>();
    for (const { object } of manifests) {
      const key = kindKey(object);
      if (!kinds.has(key)) kinds.set(key, await resolveKind(object.apiVersion, object.kind));
    }
    const resolved = new Map([...kinds].filter((entry): entry is [string, ResolvedKind] => !!entry[1]));
    return new SchemaValidator(kinds, new DeclaredFields(resolved));
  }

  /** Problems with one object, each "file: Kind/name: field: what is wrong"; [] when it is valid. */
  validate({ source, object }: Manifest): string[] {
    const where = `${source}: ${objectName(object)}`;
    const kind = this.kinds.get(kindKey(object));
    if (!kind) {
      return [
        `${where}: no offline schema for apiVersion "${object.apiVersion}" kind "${object.kind}" ` +
          `(searched ${MODEL_PACKAGES.join(', ')}); check the spelling or add the CRD's models package`,
      ];
    }
    const problems: string[] = [];
    try {
      new kind.model(object).validate();
    } catch (error) {
      const errors = (error as { errors?: AjvLikeError[] }).errors;
      if (!errors) throw error;
      for (const e of errors) {
        const field = fieldPath(e.instancePath ?? '') || '(top level)';
        const allowed = e.params?.allowedValues
          ? ` (allowed: ${JSON.stringify(e.params.allowedValues)})`
          : '';
        problems.push(`${where}: ${field}: ${e.message ?? 'is invalid'}${allowed}`);
      }
    }
    for (const unknown of this.declared.unknownFields(object)) problems.push(`${where}: ${unknown}`);
    return problems;
  }
}

/** Validates every manifest; returns all problems at once. */
export async function schemaProblems(manifests: Manifest[]): Promise<string[]> {
  const validator = await SchemaValidator.for(manifests);
  return manifests.flatMap((manifest) => validator.validate(manifest));
}
