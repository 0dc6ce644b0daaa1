import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JourneyName } from '../../scenario/scenario-types.js';
import type { RequestRecord } from '../request-record.js';

/** Every journey with the same weight, so short test runs exercise all of them. */
export const everyJourney: Record<JourneyName, number> = {
  browse: 1,
  search: 1,
  product: 1,
  'add-to-cart': 1,
  checkout: 1,
  'order-history': 1,
};

/** A temp work dir for a generator; `remove()` deletes it. */
export async function workDir(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'dhakacart-load-test-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** The journeys in arrival order: first steps only (a later step is scheduled when the previous one ended). */
export function journeySequence(records: readonly RequestRecord[]): string[] {
  return records
    .filter((r) => !(r.journey === 'add-to-cart' && r.method === 'POST'))
    .sort((a, b) => a.scheduledAt - b.scheduledAt)
    .map((r) => r.journey);
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
