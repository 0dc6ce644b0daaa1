import type { ProgressStep } from '../topology.js';

/**
 * Helpers both profiles' bring-ups share: a named step reported to `onProgress` as it starts, ends or
 * fails (the terminal view shows them as `✓ node (12.9 s): ...`), and a Promise.all that waits for
 * every part to settle before it rejects.
 */
export function progressSteps(progress: (step: ProgressStep) => void) {
  return async <T>(name: string, work: () => Promise<T>, detail?: (value: T) => string): Promise<T> => {
    progress({ name, state: 'start' });
    try {
      const value = await work();
      progress({ name, state: 'done', ...(detail ? { detail: detail(value) } : {}) });
      return value;
    } catch (error) {
      progress({ name, state: 'fail', detail: (error as Error).message });
      throw error;
    }
  };
}

/**
 * Promise.all that waits for every part to settle before it rejects: a part still starting when
 * another fails would otherwise register its teardown after teardown has begun, and leak a process or
 * a container. Several distinct failures become one AggregateError.
 */
export async function allSettledOrThrow<T extends readonly unknown[]>(
  work: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const results = await Promise.allSettled(work);
  const failures = [
    ...new Set(results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []))),
  ];
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, 'the lab could not start');
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
