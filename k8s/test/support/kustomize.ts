import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { findTool } from '../../../lab/testing/tool.js';
import { REPO_ROOT, parseManifests, type Manifest } from './manifests.js';

/** The real kustomize binary (CI installs it; on a laptop the overlay tests skip without it). */
export const kustomize = findTool('kustomize', 'go install sigs.k8s.io/kustomize/kustomize/v5@v5.8.2');

/** The kustomizations under k8s/ that are applied to a cluster, by the name tests print. */
export const KUSTOMIZATIONS = ['k8s/base', 'k8s/overlays/aws', 'k8s/overlays/lab'] as const;

/** `kustomize build <dir>` (dir relative to the repository root) as YAML text. */
export function kustomizeBuild(dir: string): string {
  if (!kustomize.path) throw new Error(kustomize.skipReason);
  return execFileSync(kustomize.path, ['build', path.join(REPO_ROOT, dir)], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    timeout: 60_000,
  });
}

/** The objects `kustomize build <dir>` emits, each named "kustomize build <dir>#n". */
export function buildManifests(dir: string): Manifest[] {
  return parseManifests(kustomizeBuild(dir), `kustomize build ${dir}`);
}
