import { UsageError } from '../../../cli/errors.js';
import type { ImageSpec } from './image-spec.js';

export interface ImageRegistry<Name extends string> {
  /** Every image name, in registration order. */
  readonly names: readonly Name[];
  /** The spec of `name`; an unknown name is a usage error listing the known ones. */
  get(name: string): ImageSpec<Name>;
  /** `names` and everything they are built from, parents before children (the build order). */
  withParents(names: readonly string[]): ImageSpec<Name>[];
}

/**
 * The image specs looked up by name, like the fault registry (lab/faults/registry.ts): one spec per
 * file under specs/, collected in image-set.ts. Two specs with one name, or a parent nobody registered,
 * or a parent cycle, are programming errors reported when the registry is made.
 */
export function createImageRegistry<const Specs extends readonly ImageSpec[]>(
  specs: Specs,
): ImageRegistry<Specs[number]['name']> {
  type Name = Specs[number]['name'];
  const byName = new Map<string, ImageSpec<Name>>();
  for (const spec of specs) {
    if (byName.has(spec.name))
      throw new Error(`two image specs have the name "${spec.name}"; names must be unique`);
    byName.set(spec.name, spec as ImageSpec<Name>);
  }
  const get = (name: string): ImageSpec<Name> => {
    const spec = byName.get(name);
    if (!spec) throw new UsageError(`no image named "${name}"; images: ${[...byName.keys()].join(', ')}`);
    return spec;
  };
  const withParents = (names: readonly string[]): ImageSpec<Name>[] => {
    const ordered: ImageSpec<Name>[] = [];
    const done = new Set<string>();
    const visiting: string[] = [];
    const visit = (name: string) => {
      if (done.has(name)) return;
      if (visiting.includes(name))
        throw new Error(`image parents form a cycle: ${[...visiting, name].join(' -> ')}`);
      const spec = get(name);
      visiting.push(name);
      for (const parent of spec.parents) visit(parent);
      visiting.pop();
      done.add(name);
      ordered.push(spec);
    };
    names.forEach(visit);
    return ordered;
  };
  for (const spec of byName.values())
    for (const parent of spec.parents)
      if (!byName.has(parent))
        throw new Error(`image "${spec.name}" has the parent "${parent}", which is not registered`);
  withParents([...byName.keys()]); // a cycle fails here, at start, rather than on first use
  return { names: [...byName.keys()] as Name[], get, withParents };
}
