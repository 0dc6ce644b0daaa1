import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { K8S_DIR, REPO_ROOT } from './support/manifests.js';

/**
 * The aws overlay's values come from Terraform: terraform-outputs.sh maps each overlay key to a
 * `terraform output`, terraform-outputs.env holds the result, kustomization.yaml's replacements
 * read it. These three and terraform/outputs.tf must agree; a rename on either side fails here
 * instead of at deploy time.
 */
const overlay = path.join(K8S_DIR, 'overlays/aws');
const read = (file: string): string => readFileSync(path.join(overlay, file), 'utf8');

/** KEY -> terraform output name, from the MAPPING block of terraform-outputs.sh. */
function scriptMapping(): Map<string, string> {
  const block = /<<'MAPPING'\n([\s\S]*?)\nMAPPING/.exec(read('terraform-outputs.sh'))?.[1] ?? '';
  return new Map(block.split('\n').map((line) => line.trim().split(/\s+/) as [string, string]));
}

const envKeys = (): string[] =>
  read('terraform-outputs.env')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => line.slice(0, line.indexOf('=')));

describe('aws overlay values from Terraform', () => {
  it('reads only outputs that terraform/outputs.tf declares', () => {
    const outputsFile = path.join(REPO_ROOT, 'terraform/outputs.tf');
    expect(existsSync(outputsFile), 'terraform/outputs.tf should exist').toBe(true);
    const declared = new Set(
      [...readFileSync(outputsFile, 'utf8').matchAll(/^output "([\w-]+)"/gm)].map((m) => m[1]),
    );
    const missing = [...scriptMapping().values()].filter((name) => !declared.has(name));
    expect(missing, `terraform outputs the overlay reads but terraform/outputs.tf lacks`).toEqual([]);
  });

  it('writes every key the values file has, plus PUBLIC_HOST which is not Terraform’s', () => {
    expect([...scriptMapping().keys(), 'PUBLIC_HOST'].sort()).toEqual(envKeys().sort());
  });

  it('uses every value in a replacement, and nothing else as a replacement source', () => {
    const kustomization = parse(read('kustomization.yaml')) as {
      replacements: Array<{ source: { name: string; fieldPath: string } }>;
    };
    const used = kustomization.replacements
      .filter((r) => r.source.name === 'terraform-outputs')
      .map((r) => r.source.fieldPath.replace(/^data\./, ''));
    expect([...new Set(used)].sort()).toEqual(envKeys().sort());
    expect(kustomization.replacements.every((r) => r.source.name === 'terraform-outputs')).toBe(true);
  });
});
