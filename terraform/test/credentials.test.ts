import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTerraformTree, terraformRoot } from './support/hcl.js';
import { instantiate, resourcesOfType } from './support/stack.js';

const tree = await loadTerraformTree();
const instances = instantiate(tree);
const modules = [...tree.modules.values()];

/** Every file a person could put a credential in: .tf, .tfvars examples, backend examples, tests, docs. */
function configFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory())
      return ['.terraform', 'test', 'node_modules'].includes(e.name) ? [] : configFiles(path);
    return /\.(tf|tfvars|example|hcl|md)$/.test(e.name) && e.name !== '.terraform.lock.hcl' ? [path] : [];
  });
}

const credentialPatterns: [string, RegExp][] = [
  ['an AWS access key id', /\b(AKIA|ASIA)[A-Z0-9]{16}\b/],
  ['an AWS secret access key', /aws_secret_access_key|secret_key\s*=|(?<![\w-])access_key\s*=/i],
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['a password assignment', /\bpassword\s*=\s*"[^"$]+"/i],
];

describe('credentials', () => {
  const files = configFiles(terraformRoot);

  it('scans the configuration, the examples and the README', () => {
    const names = files.map((f) => relative(terraformRoot, f));
    expect(names).toEqual(
      expect.arrayContaining(['main.tf', 'terraform.tfvars.example', 'backend.hcl.example', 'README.md']),
    );
  });

  it('are never hard-coded in any file', () => {
    const found = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return credentialPatterns
        .filter(([, re]) => re.test(text))
        .map(([what]) => `${relative(terraformRoot, file)}: ${what}`);
    });
    expect(found).toEqual([]);
  });

  it('are not configured on the AWS provider: it takes them from the environment (SSO, OIDC)', () => {
    const providers = modules.flatMap((m) => m.providers);
    const keyed = providers.filter((p) =>
      ['access_key', 'secret_key', 'token', 'shared_credentials_files'].some((k) => k in p.body),
    );
    expect(keyed.map((p) => `${p.file}: provider ${p.name}`)).toEqual([]);
  });

  it('have no defaults in variables: nothing secret-looking ships with a value', () => {
    const risky = modules
      .flatMap((m) => [...m.variables.values()])
      .filter((v) => /password|secret|token|private_key|access_key/i.test(v.name))
      .filter((v) => typeof v.body.default === 'string');
    expect(risky.map((v) => `${v.file}: variable "${v.name}"`)).toEqual([]);
  });

  it('never pass through terraform state: the database password is RDS-managed, JWT_SECRET is write-only', () => {
    for (const db of resourcesOfType(instances, 'aws_db_instance')) {
      expect(db.resource.body.password, 'aws_db_instance.password').toBeUndefined();
      expect(db.resource.body.manage_master_user_password).toBe(true);
    }
    const versions = resourcesOfType(instances, 'aws_secretsmanager_secret_version');
    expect(versions.length).toBeGreaterThan(0);
    for (const v of versions) {
      expect(
        v.resource.body.secret_string,
        'secret_string lands in state; use secret_string_wo',
      ).toBeUndefined();
      expect(v.resource.body.secret_binary).toBeUndefined();
      expect(String(v.resource.body.secret_string_wo)).toMatch(/ephemeral\./);
    }
    expect(
      resourcesOfType(instances, 'random_password'),
      'random_password results are stored in state',
    ).toEqual([]);
  });
});
