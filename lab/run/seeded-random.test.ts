import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.js';

const draws = (seed: number) => {
  const random = seededRandom(seed);
  const pods = ['backend-a', 'backend-b', 'backend-c'];
  return Array.from({ length: 20 }, () => random.pick(pods));
};

describe('seededRandom', () => {
  it('repeats every choice for the same seed (what --seed relies on)', () => {
    expect(draws(42)).toEqual(draws(42));
  });

  it('makes different choices for different seeds', () => {
    expect(draws(42)).not.toEqual(draws(43));
  });

  it('gives a fork its own sequence, so the fork drawing more does not change the parent', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const forkA = a.fork();
    const forkB = b.fork();
    for (let i = 0; i < 100; i++) forkA.next(); // e.g. many pod restarts in one run
    forkB.next();
    expect([a.next(), a.next()]).toEqual([b.next(), b.next()]);
  });

  it('draws numbers in [0, 1) and refuses to pick from nothing', () => {
    const random = seededRandom(1);
    const values = Array.from({ length: 1000 }, () => random.next());
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(() => random.pick([])).toThrow('cannot pick from an empty list');
  });
});
