import type { ParsedManifests } from './parse-objects.js';
import type { ProblemList } from './problem-list.js';

/** The ConfigMaps and Secrets of the manifests, as the key → value maps a container's env sees. */
export interface ConfigSources {
  configMaps: Map<string, Record<string, string>>;
  secrets: Map<string, Record<string, string>>;
  /** `Kind/name` of objects that failed validation (a reference to one is not a second problem). */
  invalid: ReadonlySet<string>;
}

/** Secrets: base64 `data` decoded, then `stringData` on top (the API server merges them that way). */
export function collectConfigSources(parsed: ParsedManifests, problems: ProblemList): ConfigSources {
  const secrets = new Map<string, Record<string, string>>();
  for (const { document, object } of parsed.Secret) {
    const values: Record<string, string> = {};
    for (const [key, encoded] of Object.entries(object.data)) {
      const bytes = Buffer.from(encoded, 'base64');
      const decoded = bytes.toString('utf8');
      if (Buffer.from(decoded, 'utf8').compare(bytes) !== 0) {
        // Never print the value: it is a secret.
        problems.at(document, ['data', key], 'is not UTF-8 text once decoded; an env var needs text');
        continue;
      }
      values[key] = decoded;
    }
    secrets.set(object.metadata.name, { ...values, ...object.stringData });
  }
  const configMaps = new Map(parsed.ConfigMap.map(({ object }) => [object.metadata.name, object.data]));
  return { configMaps, secrets, invalid: parsed.invalid };
}
