import type { Topology } from './model.js';

/**
 * A copy of `topology` changed by `edit`, for tests that shorten timings (probe periods, grace
 * periods) without touching the manifests. Nothing is recomputed: the edit is taken as written.
 */
export function patchTopology(topology: Topology, edit: (draft: Topology) => void): Topology {
  const draft = structuredClone(topology);
  edit(draft);
  return draft;
}
