import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTerraformTree } from './support/hcl.js';

describe('HCL parsing (@cdktf/hcl2json)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'dhakacart-tf-parse-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('parses every .tf file of terraform/ without errors', async () => {
    const tree = await loadTerraformTree();
    expect(tree.errors).toEqual([]);
    const files = [...tree.modules.values()].flatMap((m) => m.files);
    expect(files.length).toBeGreaterThan(30);
    expect(files).toEqual(expect.arrayContaining(['main.tf', 'backend.tf', 'modules/database/main.tf']));
  });

  it('reports a syntactically broken file by name and line, and still parses the others', async () => {
    writeFileSync(join(scratch, 'good.tf'), 'variable "x" {\n  type = string\n}\n');
    writeFileSync(join(scratch, 'broken.tf'), 'resource "aws_s3_bucket" "b" {\n  bucket = \n}\n');
    const tree = await loadTerraformTree(scratch);
    expect(tree.errors).toEqual([{ file: 'broken.tf', message: expect.stringMatching(/broken\.tf:2,/) }]);
    expect(tree.modules.get('.')?.variables.has('x')).toBe(true);
  });
});
