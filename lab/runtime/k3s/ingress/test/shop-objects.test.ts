import { execFileSync } from 'node:child_process';
import type { V1Ingress } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { findTool, which } from '../../../../testing/tool.js';
import { labOverlayIngress, repoRoot } from './shop-objects.js';

/** kustomize, or kubectl's built-in copy of it. */
function kustomizeCommand(): { command: string[]; skipReason: string | undefined } {
  const kustomize = which('kustomize');
  if (kustomize) return { command: [kustomize, 'build'], skipReason: undefined };
  const kubectl = which('kubectl');
  if (kubectl) return { command: [kubectl, 'kustomize'], skipReason: undefined };
  const tool = findTool('kustomize', 'go install sigs.k8s.io/kustomize/kustomize/v5@v5.8.2');
  return { command: [], skipReason: tool.skipReason };
}

const kustomize = kustomizeCommand();

describe.skipIf(kustomize.skipReason !== undefined)(
  `labOverlayIngress${kustomize.skipReason ? ` (${kustomize.skipReason})` : ''}`,
  () => {
    it('is the Ingress `kustomize build k8s/overlays/lab` renders', () => {
      const [binary, ...args] = kustomize.command;
      const yaml = execFileSync(binary!, [...args, `${repoRoot}k8s/overlays/lab`], {
        encoding: 'utf8',
        timeout: 120_000,
      });
      const rendered = parseAllDocuments(yaml)
        .map((d) => d.toJS() as V1Ingress)
        .find((o) => o.kind === 'Ingress');
      const { creationTimestamp: _, ...metadata } = labOverlayIngress().metadata!;
      expect(rendered).toEqual({ ...labOverlayIngress(), metadata });
    });
  },
);
