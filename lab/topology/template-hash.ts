import { createHash } from 'node:crypto';

/** Kubernetes' SafeEncodeString alphabet: no vowels (no words in names), no 0/1/3 (confusable). */
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const LENGTH = 10;

/** JSON with object keys sorted at every level, so key order in the YAML does not change the hash. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A pod-template-hash: 10 characters of SafeEncodeString's alphabet, stable for the same template and
 * different after any change to it (a rollout). Kubernetes hashes its Go structs with FNV-32a, which
 * cannot be reproduced from YAML; the lab keeps the properties that matter (stable, changes with the
 * template, looks like a pod name) from a SHA-256 of the template's canonical JSON.
 */
export function templateHash(template: unknown): string {
  const digest = createHash('sha256').update(canonicalJson(template)).digest();
  let hash = '';
  for (let i = 0; i < LENGTH; i += 1) hash += ALPHABET[(digest[i] ?? 0) % ALPHABET.length];
  return hash;
}
