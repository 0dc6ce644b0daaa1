import { describe, expect, it } from 'vitest';
import { createImageRegistry } from './image-registry.js';
import { imageSet } from './image-set.js';
import type { ImageSpec } from './image-spec.js';

const spec = <N extends string>(name: N, parents: string[] = []): ImageSpec<N> => ({
  name,
  description: name,
  parents,
  inputs: () => ({ files: [], values: {} }),
  check: async () => {},
  build: async () => {},
});

describe('createImageRegistry', () => {
  it('rejects two specs with one name', () => {
    expect(() => createImageRegistry([spec('base'), spec('base')])).toThrow(
      'two image specs have the name "base"; names must be unique',
    );
  });

  it('rejects a parent nobody registered, and parent cycles', () => {
    expect(() => createImageRegistry([spec('app', ['runtime'])])).toThrow(
      'image "app" has the parent "runtime", which is not registered',
    );
    expect(() => createImageRegistry([spec('a', ['b']), spec('b', ['a'])])).toThrow(/cycle: a -> b -> a/);
  });

  it('answers an unknown name with a usage error (exit 2) listing the known names', () => {
    const registry = createImageRegistry([spec('base'), spec('node', ['base'])]);
    expect(() => registry.get('kind')).toThrow('no image named "kind"; images: base, node');
    try {
      registry.get('kind');
    } catch (error) {
      expect((error as { exitCode?: number }).exitCode).toBe(2);
    }
  });

  it('orders an image after everything it is built from, each once', () => {
    const registry = createImageRegistry([
      spec('base'),
      spec('runtime', ['base']),
      spec('app', ['runtime']),
      spec('node', ['base', 'pause']),
      spec('pause'),
    ]);
    expect(registry.withParents(['app', 'node']).map((s) => s.name)).toEqual([
      'base',
      'runtime',
      'app',
      'pause',
      'node',
    ]);
  });
});

describe('the k3s image set', () => {
  it('has every image the k3s profile runs, parents before children', () => {
    expect(imageSet.names).toEqual(
      expect.arrayContaining([
        'base',
        'node-runtime',
        'backend',
        'frontend',
        'ingress',
        'pause',
        'node',
        'postgres',
        'toxiproxy',
        'prometheus',
      ]),
    );
    expect(imageSet.withParents(['backend']).map((s) => s.name)).toEqual(['base', 'node-runtime', 'backend']);
    expect(imageSet.withParents(['node']).map((s) => s.name)).toEqual(['base', 'pause', 'node']);
  });
});
