import { describe, expect, it } from 'vitest';
import { latencyToxic } from './latency.js';
import { builtinToxics, ToxicRegistry } from './registry.js';

describe('ToxicRegistry', () => {
  it('holds the toxics toxiproxy-server v2.12 ships', () => {
    expect(builtinToxics.types().sort()).toEqual(
      ['bandwidth', 'latency', 'limit_data', 'noop', 'reset_peer', 'slicer', 'slow_close', 'timeout'].sort(),
    );
    expect(builtinToxics.get('latency')).toBe(latencyToxic);
    expect(builtinToxics.get('flood')).toBeUndefined();
  });

  it('rejects a second toxic with the same type name, naming it', () => {
    const registry = new ToxicRegistry().register(latencyToxic);
    expect(() => registry.register({ ...latencyToxic })).toThrow('toxic type "latency" is registered twice');
  });
});
