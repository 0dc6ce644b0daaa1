import { describe, expect, it } from 'vitest';
import { RestartBackoff } from './restart-backoff.js';

/** Delays for a container that exits `ranMs` after each (re)start, for `exits` exits. */
function delaysFor(backoff: RestartBackoff, exits: number, ranMs: number): number[] {
  const delays: number[] = [];
  let startedAt = 0;
  for (let i = 0; i < exits; i++) {
    const exitedAt = startedAt + ranMs;
    const delay = backoff.delayAfterExit(exitedAt);
    delays.push(delay);
    startedAt = exitedAt + delay;
  }
  return delays;
}

describe('RestartBackoff (restartPolicy Always, CrashLoopBackOff)', () => {
  it('restarts the first crash at once, then waits 10 s doubling to 300 s', () => {
    const delays = delaysFor(new RestartBackoff(), 9, 1_000);
    expect(delays.map((ms) => ms / 1000)).toEqual([0, 10, 20, 40, 80, 160, 300, 300, 300]);
  });

  it('starts over after the container ran for more than 10 minutes', () => {
    const backoff = new RestartBackoff();
    expect(delaysFor(backoff, 4, 1_000).map((ms) => ms / 1000)).toEqual([0, 10, 20, 40]);
    // The last restart happened at 1 + 0 + 1 + 10 + 1 + 20 + 1 + 40 = 74 s; it then runs 10 min and 1 s.
    expect(backoff.delayAfterExit(74_000 + 601_000)).toBe(0);
    expect(backoff.delayAfterExit(74_000 + 601_000 + 1_000)).toBe(10_000);
  });

  it('keeps backing off when the container ran for less than 10 minutes', () => {
    const backoff = new RestartBackoff();
    expect(backoff.delayAfterExit(1_000)).toBe(0);
    expect(backoff.delayAfterExit(1_000 + 599_000)).toBe(10_000);
  });

  it('takes the initial delay, the cap and the reset time as options', () => {
    const backoff = new RestartBackoff({ initialSeconds: 0.1, maxSeconds: 0.4, resetAfterSeconds: 5 });
    expect(delaysFor(backoff, 6, 10)).toEqual([0, 100, 200, 400, 400, 400]);
  });

  it('rejects a negative or non-finite setting, naming it', () => {
    expect(() => new RestartBackoff({ maxSeconds: -1 })).toThrow(
      /maxSeconds must be a finite number ≥ 0, got -1/,
    );
    expect(() => new RestartBackoff({ initialSeconds: Number.NaN })).toThrow(/initialSeconds/);
  });
});
