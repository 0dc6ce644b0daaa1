import type { CheckResult } from '../report/report-model.js';

/** Long enough for a re-cloned standby to replay a run's writes; short enough that a stuck one fails. */
export const defaultStandbyTimeoutMs = 30_000;

const name = 'standby-caught-up';
const description = 'The standby replayed everything the primary had written when the checks ran';

/**
 * The standby caught up with the primary (so a second failover right now would lose nothing). Without
 * a standby there is nothing to fail over to, and the check fails saying so; after a failover the runner
 * re-clones one before the checks run.
 */
export async function checkStandby(options: {
  hasStandby: boolean;
  waitForStandbyCaughtUp?: () => Promise<void>;
  timeoutMs?: number;
}): Promise<CheckResult> {
  if (!options.hasStandby)
    return {
      name,
      description,
      pass: false,
      detail:
        'There is no standby: a second database failure now would lose every write. Re-clone a standby.',
    };
  if (!options.waitForStandbyCaughtUp)
    return {
      name,
      description,
      pass: false,
      detail:
        'There is a standby, but no way was given to wait for it (waitForStandbyCaughtUp), so its state is unknown.',
    };
  const timeoutMs = options.timeoutMs ?? defaultStandbyTimeoutMs;
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      options.waitForStandbyCaughtUp(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`it had not caught up after ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    const tookMs = Date.now() - started;
    return {
      name,
      description,
      pass: true,
      detail: `The standby caught up with the primary (waited ${tookMs} ms).`,
      figures: { waitedMs: tookMs },
    };
  } catch (error) {
    return {
      name,
      description,
      pass: false,
      detail: `The standby did not catch up: ${(error as Error).message}.`,
    };
  } finally {
    clearTimeout(timer);
  }
}
