import { createHash } from 'node:crypto';
import type { DeploymentSpec } from '../../../topology/model.js';

/**
 * Pod names as the ReplicaSet controller makes them: `<deployment>-<pod-template-hash>-<5 chars>`,
 * the chars from apimachinery's rand.String alphabet (no vowels, no 0/1/3, so no words and no
 * look-alikes). `random` is injectable so a seeded generator gives repeatable names.
 */
export const nameAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(random: () => number, length = 5): string {
  let suffix = '';
  for (let i = 0; i < length; i++) {
    const index = Math.min(nameAlphabet.length - 1, Math.floor(random() * nameAlphabet.length));
    suffix += nameAlphabet[index];
  }
  return suffix;
}

/** A pod name not in `taken` (a clash of 27^5 suffixes is rare; 100 tries is plenty). */
export function newPodName(
  deployment: string,
  templateHash: string,
  random: () => number,
  taken: ReadonlySet<string>,
): string {
  for (let attempt = 0; attempt < 100; attempt++) {
    const name = `${deployment}-${templateHash}-${randomSuffix(random)}`;
    if (!taken.has(name)) return name;
  }
  throw new Error(
    `could not find a free pod name for ${deployment} after 100 tries: is the random generator constant?`,
  );
}

/**
 * What identifies a pod template for the local runtime: everything a pod is made from, env sorted so
 * the same settings always give the same text whatever order they were written in.
 */
export function templateFingerprint(spec: DeploymentSpec): string {
  const { container, local, podLabels, terminationGracePeriodSeconds } = spec;
  const env = Object.fromEntries(
    Object.entries(container.env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return JSON.stringify({
    container: { ...container, env },
    local,
    podLabels,
    terminationGracePeriodSeconds,
  });
}

/** A pod-template-hash for a template the lab changed itself (a rollout): 10 chars of the alphabet. */
export function templateHashOf(fingerprint: string): string {
  const digest = createHash('sha256').update(fingerprint).digest();
  let hash = '';
  for (let i = 0; i < 10; i++) hash += nameAlphabet[digest[i]! % nameAlphabet.length];
  return hash;
}
