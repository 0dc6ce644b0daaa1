import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findTool } from '../../lab/testing/tool.js';
import { KUSTOMIZATIONS, kustomize, kustomizeBuild } from './support/kustomize.js';
import { K8S_DIR } from './support/manifests.js';

/**
 * checkov's Kubernetes policies over k8s/ as written and over what each kustomization builds. Every
 * exception is an annotation on the object it concerns (`checkov.io/skipN: CKV_K8S_xx=reason`), so
 * a reader sees the reason where the finding would be.
 */
const checkov = findTool('checkov', 'pip install checkov');
if (checkov.skipReason) console.warn(checkov.skipReason);

interface CheckovReport {
  check_type: string;
  results: {
    failed_checks: Array<{ check_id: string; check_name: string; resource: string; file_path: string }>;
  };
  summary: { passed: number; failed: number; parsing_errors: number };
}

/** Runs checkov on a directory and returns its findings as readable lines, plus the pass count. */
function scan(dir: string): { failures: string[]; passed: number; parsingErrors: number } {
  let stdout: string;
  try {
    stdout = execFileSync(
      checkov.path ?? 'checkov',
      ['-d', dir, '--framework', 'kubernetes', '--quiet', '--compact', '-o', 'json', '--skip-download'],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 240_000 },
    );
  } catch (error) {
    // checkov exits 1 when a check fails; its JSON report is still on stdout.
    stdout = (error as { stdout?: string }).stdout ?? '';
    if (!stdout.trim()) throw error;
  }
  const parsed = JSON.parse(stdout) as CheckovReport | CheckovReport[];
  const reports = Array.isArray(parsed) ? parsed : [parsed];
  return {
    failures: reports.flatMap((r) =>
      r.results.failed_checks.map((f) => `${f.check_id} ${f.resource} (${f.file_path}): ${f.check_name}`),
    ),
    passed: reports.reduce((sum, r) => sum + r.summary.passed, 0),
    parsingErrors: reports.reduce((sum, r) => sum + r.summary.parsing_errors, 0),
  };
}

describe.skipIf(!!checkov.skipReason)('checkov (Kubernetes policies)', () => {
  it('finds nothing in the files under k8s/', { timeout: 240_000 }, () => {
    const { failures, passed, parsingErrors } = scan(K8S_DIR);
    expect(failures).toEqual([]);
    expect(parsingErrors).toBe(0);
    expect(passed).toBeGreaterThan(100); // the scan really looked at the manifests
  });

  describe.skipIf(!!kustomize.skipReason)('on the built kustomizations', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dhakacart-checkov-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('finds nothing in what base, aws and lab build', { timeout: 240_000 }, () => {
      for (const kustomization of KUSTOMIZATIONS) {
        writeFileSync(
          path.join(dir, `${kustomization.replaceAll('/', '-')}.yaml`),
          kustomizeBuild(kustomization),
        );
      }
      const { failures, passed } = scan(dir);
      expect(failures).toEqual([]);
      expect(passed).toBeGreaterThan(100);
    });
  });

  describe('a manifest that breaks the rules', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dhakacart-checkov-bad-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('is reported by check id and resource', { timeout: 240_000 }, () => {
      writeFileSync(
        path.join(dir, 'root-pod.yaml'),
        [
          'apiVersion: v1',
          'kind: Pod',
          'metadata: { name: root-pod, namespace: dhakacart }',
          'spec:',
          '  containers:',
          '    - name: app',
          '      image: nginx:latest',
          '      securityContext: { privileged: true }',
        ].join('\n'),
      );
      const { failures } = scan(dir);
      expect(failures).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^CKV_K8S_16 Pod\.dhakacart\.root-pod /), // privileged container
          expect.stringMatching(/^CKV_K8S_14 Pod\.dhakacart\.root-pod /), // latest tag
        ]),
      );
    });
  });
});
