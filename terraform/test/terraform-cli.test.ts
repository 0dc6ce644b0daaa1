import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { which } from '../../lab/testing/tool.js';
import { terraformRoot } from './support/hcl.js';

// The terraform binary is NOT looked up with findTool: .ci/run does not install it (the suite's
// policy checks above need no terraform, and `init` would need providers from the network), so
// under LAB_CI=1 findTool would fail the run. Where a developer has terraform, these checks run;
// elsewhere they are a plain skip.
const terraform = which('terraform');

// `validate` and `test` need the AWS provider binary. Without network access they run only
// against a local filesystem mirror holding the locked version (TF_PROVIDER_MIRROR, or the
// /opt/tf-plugins mirror some lab machines have); terraform never downloads anything here.
const lockedAwsVersion = /hashicorp\/aws" \{\s+version\s+= "([\d.]+)"/.exec(
  readFileSync(join(terraformRoot, '.terraform.lock.hcl'), 'utf8'),
)?.[1];
const mirror = [process.env.TF_PROVIDER_MIRROR, '/opt/tf-plugins'].find(
  (dir): dir is string =>
    !!dir && existsSync(join(dir, 'registry.terraform.io/hashicorp/aws', lockedAwsVersion ?? '-')),
);

const noTerraform =
  'terraform is not on PATH; skipping terraform fmt/validate/test (not installed in CI by design)';
const noMirror = `no provider mirror with hashicorp/aws ${lockedAwsVersion} (set TF_PROVIDER_MIRROR); skipping terraform validate/test`;
if (!terraform) console.warn(noTerraform);
else if (!mirror) console.warn(noMirror);

const run = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  spawnSync(terraform!, args, {
    cwd,
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0', ...env },
  });

describe.skipIf(!terraform)('terraform fmt', () => {
  it('finds every file in canonical format (run `terraform fmt -recursive terraform` to fix)', () => {
    const fmt = run(['fmt', '-check', '-recursive', '-diff', '-no-color', '.'], terraformRoot);
    expect(fmt.stdout, fmt.stderr).toBe('');
    expect(fmt.status).toBe(0);
  });
});

describe.skipIf(!terraform || !mirror)(
  'terraform validate and terraform test (offline, provider mirror)',
  () => {
    let workdir: string;
    let env: NodeJS.ProcessEnv;

    beforeAll(() => {
      // A copy, so init's .terraform/ never lands in the work tree.
      workdir = mkdtempSync(join(tmpdir(), 'dhakacart-tf-validate-'));
      cpSync(terraformRoot, workdir, {
        recursive: true,
        filter: (src) =>
          !/(^|\/)(\.terraform|test|node_modules)(\/|$)|\.tfstate/.test(relative(terraformRoot, src)),
      });
      const cliConfig = join(workdir, 'offline.tfrc');
      writeFileSync(
        cliConfig,
        `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`,
      );
      env = { TF_CLI_CONFIG_FILE: cliConfig };
      const init = run(['init', '-backend=false', '-lockfile=readonly', '-no-color'], workdir, env);
      if (init.status !== 0) throw new Error(`terraform init failed:\n${init.stdout}\n${init.stderr}`);
    }, 300_000);

    afterAll(() => {
      if (workdir) rmSync(workdir, { recursive: true, force: true });
    });

    it('validates the whole configuration against the locked AWS provider schema', () => {
      const validate = run(['validate', '-json', '-no-color'], workdir, env);
      const result = JSON.parse(validate.stdout) as {
        valid: boolean;
        diagnostics: {
          severity: string;
          summary: string;
          detail?: string;
          range?: { filename: string; start: { line: number } };
        }[];
      };
      const problems = result.diagnostics.map(
        (d) =>
          `${d.severity} ${d.range ? `${d.range.filename}:${d.range.start.line} ` : ''}${d.summary}${d.detail ? `: ${d.detail}` : ''}`,
      );
      expect(problems).toEqual([]);
      expect(result.valid).toBe(true);
    }, 300_000);

    it('passes terraform test (tests/*.tftest.hcl: every module applied against a mocked AWS)', () => {
      const test = run(['test', '-no-color'], workdir, env);
      expect(test.status, `${test.stdout}\n${test.stderr}`).toBe(0);
      expect(test.stdout).toMatch(/Success! \d+ passed, 0 failed/);
    }, 300_000);
  },
);
