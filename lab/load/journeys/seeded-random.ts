import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/**
 * The random choices of a load run (which journey, which product, how many, which shopper). Both
 * generators derive one generator per arrival from the run's seed and the arrival's index, so the same
 * seed makes the same journeys in the same order however arrivals interleave on the wire (a shared
 * generator would be drawn from in completion order, which differs run to run).
 */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  float(): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

export function seededRandom(seed: number): SeededRandom {
  const rng = xoroshiro128plus(seed | 0);
  return {
    float: () => uniformFloat64(rng),
    int: (min, max) => uniformInt(rng, min, max),
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('cannot pick from an empty list');
      return items[uniformInt(rng, 0, items.length - 1)] as T;
    },
  };
}

/**
 * The generator for arrival `index` of `stream` (a generator process or k6 segment) in a run seeded
 * with `seed`. pure-rand seeds from one 32-bit number, so the three are folded with MurmurHash3's
 * finaliser: hand-written because it is four lines, and nearby indexes must give unrelated seeds
 * (xoroshiro's first outputs from seeds 1 and 2 would be close).
 */
export function arrivalRandom(seed: number, stream: number, index: number): SeededRandom {
  let h = fmix32(seed | 0);
  h = fmix32(h ^ Math.imul(stream | 0, 0x9e3779b1));
  h = fmix32(h ^ Math.imul(index | 0, 0x85ebca6b) ^ Math.floor(index / 0x100000000));
  return seededRandom(h);
}

function fmix32(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** A weighted choice: `weights` need not sum to 1; entries with weight 0 are never picked. */
export function pickWeighted<K extends string>(
  random: SeededRandom,
  weights: Readonly<Record<K, number>>,
): K {
  // Sorted by name, so the same weights pick the same journeys whatever order the object was built in.
  const entries = (Object.entries(weights) as [K, number][])
    .filter(([, w]) => w > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  if (entries.length === 0 || !(total > 0))
    throw new Error('the journey mix has no journey with a positive weight');
  let point = random.float() * total;
  for (const [key, weight] of entries) {
    point -= weight;
    if (point < 0) return key;
  }
  return entries[entries.length - 1]![0];
}
