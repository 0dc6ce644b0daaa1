import { describe, expect, it } from 'vitest';
import { ClusterState } from './cluster-state.js';
import { endpointSlices } from './test/shop-objects.js';

describe('ClusterState', () => {
  it('keeps the latest version of each object and forgets deleted ones', () => {
    const state = new ClusterState();
    const [first] = endpointSlices('backend', [{ ip: '10.244.0.11', port: 3000 }]);
    const [second] = endpointSlices('backend', [{ ip: '10.244.0.12', port: 3000 }]);
    expect(state.apply({ type: 'upsert', kind: 'EndpointSlice', object: first! })).toBe(true);
    // A re-list repeats objects it already has: same resourceVersion, no change, no render.
    expect(state.apply({ type: 'upsert', kind: 'EndpointSlice', object: first! })).toBe(false);
    expect(state.apply({ type: 'upsert', kind: 'EndpointSlice', object: second! })).toBe(true);
    expect(state.snapshot().endpointSlices).toEqual([second]);
    expect(state.apply({ type: 'delete', kind: 'EndpointSlice', object: second! })).toBe(true);
    expect(state.apply({ type: 'delete', kind: 'EndpointSlice', object: second! })).toBe(false);
    expect(state.snapshot().endpointSlices).toEqual([]);
  });
});
