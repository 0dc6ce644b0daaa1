import { posix } from 'node:path';
import type { Block, HclBody, HclValue, TerraformModule, TerraformTree } from './hcl.js';

/**
 * A module as instantiated from the root: the module's code plus the arguments its caller passed.
 * Policy tests follow var./local./module. references through these to the value or the resource
 * an attribute finally comes from, e.g. the RDS `multi_az` or the subnets a node group uses.
 */
export interface ModuleInstance {
  /** 'root', 'module.database', 'module.database.module.key', ... */
  address: string;
  module: TerraformModule;
  args: HclBody;
  parent: ModuleInstance | undefined;
}

export type Resolved = { known: true; value: HclValue } | { known: false; expression: string };

export interface ResourceRef {
  instance: ModuleInstance;
  resource: Block;
}

/** Root plus every module reachable through local `source = "./..."` calls. */
export function instantiate(tree: TerraformTree): ModuleInstance[] {
  const root = tree.modules.get('.');
  if (!root) throw new Error(`no .tf files in ${tree.root}`);
  const all: ModuleInstance[] = [];
  const visit = (instance: ModuleInstance): void => {
    all.push(instance);
    for (const call of instance.module.moduleCalls.values()) {
      const child = childInstance(tree, instance, call.name);
      if (child) visit(child);
    }
  };
  visit({ address: 'root', module: root, args: {}, parent: undefined });
  return all;
}

/** Directory (relative to terraform/) a local module source points at, or undefined for remote sources. */
export function localSourceDir(fromDir: string, source: string): string | undefined {
  if (!source.startsWith('./') && !source.startsWith('../')) return undefined;
  return posix.normalize(posix.join(fromDir, source));
}

export function childInstance(
  tree: TerraformTree,
  parent: ModuleInstance,
  callName: string,
): ModuleInstance | undefined {
  const call = parent.module.moduleCalls.get(callName);
  if (!call || typeof call.body.source !== 'string') return undefined;
  const dir = localSourceDir(parent.module.dir, call.body.source);
  const module = dir === undefined ? undefined : tree.modules.get(dir);
  if (!module) return undefined;
  const prefix = parent.address === 'root' ? '' : `${parent.address}.`;
  return { address: `${prefix}module.${callName}`, module, args: call.body, parent };
}

const wholeReference = /^\$\{(var|local)\.([A-Za-z0-9_-]+)\}$/;
const wholeModuleOutput = /^\$\{module\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\}$/;

/**
 * The value an attribute has with every default in place: follows `${var.x}` to the caller's
 * argument or the variable's default, `${local.x}` to the local, `${module.m.o}` to the output.
 * Anything computed (functions, resource attributes) stays unknown.
 */
export function resolve(
  tree: TerraformTree,
  instance: ModuleInstance,
  value: HclValue | undefined,
  depth = 0,
): Resolved {
  if (value === undefined) return { known: false, expression: '(not set)' };
  if (typeof value !== 'string' || !value.includes('${')) return { known: true, value };
  if (depth > 20) return { known: false, expression: value };
  const ref = wholeReference.exec(value);
  if (ref?.[1] === 'var') {
    const name = ref[2] as string;
    if (name in instance.args && instance.parent)
      return resolve(tree, instance.parent, instance.args[name], depth + 1);
    const variable = instance.module.variables.get(name);
    if (variable && 'default' in variable.body)
      return resolve(tree, instance, variable.body.default, depth + 1);
    return { known: false, expression: value };
  }
  if (ref?.[1] === 'local') {
    const local = instance.module.locals.get(ref[2] as string);
    return local ? resolve(tree, instance, local.value, depth + 1) : { known: false, expression: value };
  }
  const output = wholeModuleOutput.exec(value);
  if (output) {
    const child = childInstance(tree, instance, output[1] as string);
    const declared = child?.module.outputs.get(output[2] as string);
    if (child && declared) return resolve(tree, child, declared.body.value, depth + 1);
  }
  return { known: false, expression: value };
}

// Hand-written rather than @cdktf/hcl2json's getReferencesInExpression: that one drops traversals
// indexed by a for-expression variable (aws_subnet.private[zone].id), the very ones we follow.
const referencePattern = /(?<![\w.-])(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)(?:\.([A-Za-z_][\w-]*))?/g;

interface Reference {
  kind: 'var' | 'local' | 'module' | 'resource';
  name: string;
  type?: string;
  output?: string;
}

function referencesIn(value: HclValue | undefined): Reference[] {
  if (value === undefined || value === null) return [];
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const found: Reference[] = [];
  for (const [, data, head, second, third] of text.matchAll(referencePattern)) {
    if (data) continue;
    if (head === 'var' || head === 'local') found.push({ kind: head, name: second as string });
    else if (head === 'module' && third)
      found.push({ kind: 'module', name: second as string, output: third });
    // Resource types always hold an underscore (aws_subnet); that keeps hostnames such as
    // sts.amazonaws.com or each.value out.
    else if (head?.includes('_')) found.push({ kind: 'resource', type: head, name: second as string });
  }
  return found;
}

/** Resources an attribute's value comes from, across module boundaries (aws_kms_key.this behind module.key.key_arn). */
export function traceResources(
  tree: TerraformTree,
  instance: ModuleInstance,
  value: HclValue | undefined,
  seen: Set<string> = new Set(),
): ResourceRef[] {
  const key = `${instance.address}|${JSON.stringify(value)}`;
  if (seen.has(key)) return [];
  seen.add(key);
  const refs: ResourceRef[] = [];
  for (const ref of referencesIn(value)) {
    if (ref.kind === 'var' && ref.name in instance.args && instance.parent) {
      refs.push(...traceResources(tree, instance.parent, instance.args[ref.name], seen));
    } else if (ref.kind === 'local') {
      refs.push(...traceResources(tree, instance, instance.module.locals.get(ref.name)?.value, seen));
    } else if (ref.kind === 'module') {
      const child = childInstance(tree, instance, ref.name);
      const output = child?.module.outputs.get(ref.output as string);
      if (child && output) refs.push(...traceResources(tree, child, output.body.value, seen));
    } else if (ref.kind === 'resource') {
      const resource = instance.module.resources.find((r) => r.type === ref.type && r.name === ref.name);
      if (resource) refs.push({ instance, resource });
    }
  }
  return refs;
}

/** Variables (of this module, through its locals) an expression depends on, e.g. var.availability_zones. */
export function referencedVariables(
  instance: ModuleInstance,
  value: HclValue | undefined,
  seen = new Set<string>(),
): string[] {
  const names: string[] = [];
  for (const ref of referencesIn(value)) {
    if (ref.kind === 'var') names.push(ref.name);
    if (ref.kind === 'local' && !seen.has(ref.name)) {
      seen.add(ref.name);
      names.push(...referencedVariables(instance, instance.module.locals.get(ref.name)?.value, seen));
    }
  }
  return [...new Set(names)];
}

/** Does `value` refer to resource `type.name` (directly, or through a local of the same module)? */
export function refersTo(
  instance: ModuleInstance,
  value: HclValue | undefined,
  type: string,
  name: string,
): boolean {
  return referencesIn(value).some(
    (ref) =>
      (ref.kind === 'resource' && ref.type === type && ref.name === name) ||
      (ref.kind === 'local' && refersTo(instance, instance.module.locals.get(ref.name)?.value, type, name)),
  );
}

/** Every resource of `type` in every instance, e.g. all aws_s3_bucket blocks with their module context. */
export function resourcesOfType(instances: ModuleInstance[], type: string): ResourceRef[] {
  return instances.flatMap((instance) =>
    instance.module.resources.filter((r) => r.type === type).map((resource) => ({ instance, resource })),
  );
}

export const describeRef = ({ instance, resource }: ResourceRef): string =>
  `${instance.address === 'root' ? '' : `${instance.address}.`}${resource.type}.${resource.name} (${resource.file})`;
