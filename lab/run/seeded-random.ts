import { randomInt } from 'node:crypto';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/**
 * The run's seeded generator (pure-rand's xoroshiro128+): victims, survivors and version labels come
 * from it, and the seed is in the report, so `--seed N` repeats the choices.
 */
export interface SeededRandom {
  readonly seed: number;
  /** A number in [0, 1). */
  next(): number;
  pick<T>(items: readonly T[]): T;
  /**
   * An independent generator for a part that draws at its own pace (the topology's pod names): its
   * draws never shift this one's, so a victim choice does not depend on how many pods restarted.
   */
  fork(): SeededRandom;
}

export function seededRandom(seed: number): SeededRandom {
  return fromGenerator(seed, xoroshiro128plus(seed));
}

function fromGenerator(seed: number, rng: JumpableRandomGenerator): SeededRandom {
  return {
    seed,
    next: () => uniformFloat64(rng),
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('cannot pick from an empty list');
      return items[uniformInt(rng, 0, items.length - 1)]!;
    },
    // A jump moves 2^64 draws ahead (pure-rand's advice for independent simulations): the fork starts
    // one jump ahead and this generator two, so neither sequence reaches the other's.
    fork: () => {
      const ahead = rng.clone();
      ahead.jump();
      rng.jump();
      rng.jump();
      return fromGenerator(seed, ahead);
    },
  };
}

/** A fresh seed when none is given (`--seed` omitted): a non-negative 31-bit integer, easy to retype. */
export function newSeed(): number {
  return randomInt(0, 2 ** 31 - 1);
}
