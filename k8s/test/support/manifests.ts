import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

/** Repository root and the k8s/ folder, whatever directory the tests run from. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const K8S_DIR = path.join(REPO_ROOT, 'k8s');

/** The fields every Kubernetes object has; the rest is read through the typed views in objects.ts. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/** One Kubernetes object and where it came from ("k8s/base/backend/deployment.yaml#1"). */
export interface Manifest {
  source: string;
  object: KubeObject;
}

/** "Deployment/backend": how errors name an object. */
export function objectName(object: KubeObject): string {
  return `${object.kind}/${object.metadata?.name ?? '<no name>'}`;
}

/** Kustomize's own files (Kustomization, Component) are configuration, not objects for the cluster. */
function isKustomizeConfig(value: Record<string, unknown>): boolean {
  return typeof value.apiVersion === 'string' && value.apiVersion.startsWith('kustomize.config.k8s.io/');
}

/**
 * Parses every YAML document of `text` and returns the Kubernetes objects among them. A document
 * with neither apiVersion nor kind is not a Kubernetes object (a promtool test file, a Loki config)
 * and is left out; one with only one of the two is a broken object and an error.
 */
export function parseManifests(text: string, source: string): Manifest[] {
  const manifests: Manifest[] = [];
  const documents = parseAllDocuments(text, { prettyErrors: true });
  const list = Array.isArray(documents) ? documents : [documents];
  list.forEach((document, index) => {
    const where = list.length > 1 ? `${source}#${index + 1}` : source;
    if (document.errors.length > 0) {
      throw new Error(`${where}: not valid YAML: ${document.errors.map((e) => e.message).join('; ')}`);
    }
    const value: unknown = document.toJS();
    if (value === null || value === undefined) return;
    if (typeof value !== 'object' || Array.isArray(value)) return;
    const record = value as Record<string, unknown>;
    if (!('apiVersion' in record) && !('kind' in record)) return;
    if (isKustomizeConfig(record)) return;
    if (typeof record.apiVersion !== 'string' || typeof record.kind !== 'string') {
      throw new Error(`${where}: a Kubernetes object needs both apiVersion and kind as strings`);
    }
    manifests.push({ source: where, object: record as KubeObject });
  });
  return manifests;
}

/** Every .yaml/.yml file under `dir`, sorted; paths inside the repository are relative to its root. */
export function yamlFilesUnder(dir: string): string[] {
  const files: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(full);
      } else if (/\.ya?ml$/.test(entry.name)) {
        const relative = path.relative(REPO_ROOT, full);
        files.push(relative.startsWith('..') ? full : relative);
      }
    }
  };
  walk(dir);
  return files.sort();
}

/** Every Kubernetes object in the YAML files under `dir` (absolute path). */
export function loadManifestsUnder(dir: string): Manifest[] {
  return yamlFilesUnder(dir).flatMap((file) =>
    parseManifests(readFileSync(path.resolve(REPO_ROOT, file), 'utf8'), file),
  );
}
