import { describe, expect, it } from 'vitest';
import type { FaultFactory } from './fault-types.js';
import { createFaultRegistry, faults } from './registry.js';

const stub = (kind: string): FaultFactory<string, never> => ({
  kind,
  description: `${kind} stub`,
  inject: () => Promise.reject(new Error('not injected in this test')),
});

describe('the fault registry', () => {
  it('holds one factory per fault kind the Lab offers', () => {
    expect([...faults.kinds].sort()).toEqual([
      'db-failover',
      'network-latency',
      'network-toxic',
      'pod-kill',
      'pod-kill-all-but-one',
      'pod-pause',
    ]);
    expect(faults.describe('pod-kill')).toMatch(/SIGKILL one pod/);
  });

  it('rejects two factories with one kind', () => {
    expect(() => createFaultRegistry([stub('pod-kill'), stub('pod-kill')])).toThrow(
      'two fault factories have the kind "pod-kill"; kinds must be unique',
    );
  });

  it('names the known kinds when asked for an unknown one', () => {
    const registry = createFaultRegistry([stub('a'), stub('b')]);
    expect(() => registry.describe('c')).toThrow('no fault of kind "c"; kinds: a, b');
  });
});
