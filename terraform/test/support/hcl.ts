import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** terraform/ (the root module). */
export const terraformRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A value as @cdktf/hcl2json renders it: expressions are strings like "${var.x}", blocks are arrays. */
export type HclValue = string | number | boolean | null | HclValue[] | { [key: string]: HclValue };
export type HclBody = { [key: string]: HclValue };

export interface Block {
  /** resource type, data source type, or '' for named blocks without a type (variable, output, ...) */
  type: string;
  name: string;
  body: HclBody;
  /** path relative to terraform/ */
  file: string;
}

export interface TerraformModule {
  /** directory relative to terraform/, '.' for the root module */
  dir: string;
  files: string[];
  resources: Block[];
  data: Block[];
  ephemerals: Block[];
  variables: Map<string, Block>;
  outputs: Map<string, Block>;
  locals: Map<string, { value: HclValue; file: string }>;
  moduleCalls: Map<string, Block>;
  providers: Block[];
  settings: Block[];
}

export interface ParseError {
  file: string;
  message: string;
}

interface Hcl2Json {
  parse(filename: string, contents: string): Promise<Record<string, unknown>>;
}
// Loaded through require with a local type: the package's own .d.ts pulls the DOM lib into the
// whole program (`/// <reference lib="dom" />`), which would hide DOM globals misused in app/.
const hcl2json = createRequire(import.meta.url)('@cdktf/hcl2json') as Hcl2Json;

/** Parses one .tf file; the error names the file (and line) when the HCL is invalid. */
export async function parseFile(path: string, displayName: string): Promise<Record<string, unknown>> {
  return hcl2json.parse(displayName, readFileSync(path, 'utf8'));
}

const skippedDirs = new Set(['.terraform', 'node_modules', 'test', 'tests']);

/** Every directory under `root` holding .tf files (terraform's own .terraform dirs and tests excluded). */
export function moduleDirs(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && e.name.endsWith('.tf'))) found.push(dir);
    for (const e of entries) if (e.isDirectory() && !skippedDirs.has(e.name)) walk(join(dir, e.name));
  };
  walk(root);
  return found.sort();
}

const named = (section: unknown, file: string): Block[] =>
  Object.entries((section ?? {}) as Record<string, HclBody[]>).flatMap(([name, bodies]) =>
    bodies.map((body) => ({ type: '', name, body, file })),
  );

const typed = (section: unknown, file: string): Block[] =>
  Object.entries((section ?? {}) as Record<string, Record<string, HclBody[]>>).flatMap(([type, byName]) =>
    Object.entries(byName).flatMap(([name, bodies]) => bodies.map((body) => ({ type, name, body, file }))),
  );

function emptyModule(dir: string): TerraformModule {
  return {
    dir,
    files: [],
    resources: [],
    data: [],
    ephemerals: [],
    variables: new Map(),
    outputs: new Map(),
    locals: new Map(),
    moduleCalls: new Map(),
    providers: [],
    settings: [],
  };
}

function addFile(module: TerraformModule, file: string, json: Record<string, unknown>): void {
  module.files.push(file);
  module.resources.push(...typed(json.resource, file));
  module.data.push(...typed(json.data, file));
  module.ephemerals.push(...typed(json.ephemeral, file));
  for (const b of named(json.variable, file)) module.variables.set(b.name, b);
  for (const b of named(json.output, file)) module.outputs.set(b.name, b);
  for (const b of named(json.module, file)) module.moduleCalls.set(b.name, b);
  module.providers.push(...named(json.provider, file));
  for (const body of (json.terraform ?? []) as HclBody[])
    module.settings.push({ type: '', name: '', body, file });
  for (const locals of (json.locals ?? []) as HclBody[]) {
    for (const [name, value] of Object.entries(locals)) module.locals.set(name, { value, file });
  }
}

export interface TerraformTree {
  root: string;
  /** by directory relative to root ('.' for the root module) */
  modules: Map<string, TerraformModule>;
  errors: ParseError[];
}

/** Parses every .tf file under `root`, grouped by module directory; parse errors are collected, not thrown. */
export async function loadTerraformTree(root: string = terraformRoot): Promise<TerraformTree> {
  const tree: TerraformTree = { root, modules: new Map(), errors: [] };
  for (const dir of moduleDirs(root)) {
    const rel = relative(root, dir) || '.';
    const module = emptyModule(rel);
    const files = readdirSync(dir).filter((f) => f.endsWith('.tf'));
    for (const name of files.sort()) {
      const file = rel === '.' ? name : `${rel.split(sep).join('/')}/${name}`;
      try {
        addFile(module, file, await parseFile(join(dir, name), file));
      } catch (error) {
        tree.errors.push({ file, message: error instanceof Error ? error.message : String(error) });
      }
    }
    tree.modules.set(rel.split(sep).join('/'), module);
  }
  return tree;
}

/** The single nested block `name` of a body (hcl2json renders blocks as arrays). */
export function block(body: HclBody, name: string): HclBody | undefined {
  const value = body[name];
  return Array.isArray(value) ? (value[0] as HclBody | undefined) : undefined;
}

/** Every nested block `name` of a body. */
export function blocks(body: HclBody, name: string): HclBody[] {
  const value = body[name];
  return Array.isArray(value) ? (value as HclBody[]) : [];
}
