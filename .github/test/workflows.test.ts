import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findTool } from '../../lab/testing/tool.js';
import type { Job, Step } from './load-workflows.js';
import {
  loadWorkflow,
  needsOf,
  npmScriptsCalled,
  repoRoot,
  runScripts,
  stepsOf,
  workflowFiles,
  workflowsDir,
} from './load-workflows.js';

const files = workflowFiles();
const ci = loadWorkflow('ci.yml').workflow;
const chaos = loadWorkflow('chaos.yml').workflow;
const deploy = loadWorkflow('deploy.yml').workflow;

const stepUsing = (job: Job, action: string): Step[] =>
  (job.steps ?? []).filter((s) => s.uses?.startsWith(`${action}@`));
const allRuns = (job: Job): string => (job.steps ?? []).map((s) => s.run ?? '').join('\n');

describe('every workflow', () => {
  it('exists: ci, chaos and deploy', () => {
    expect(files).toEqual(expect.arrayContaining(['chaos.yml', 'ci.yml', 'deploy.yml']));
  });

  describe.each(files)('%s', (file) => {
    const { errors, workflow, text } = loadWorkflow(file);

    it('parses as YAML without errors or duplicate keys', () => {
      expect(errors).toEqual([]);
      expect(Object.keys(workflow.jobs).length).toBeGreaterThan(0);
    });

    it('declares read-only permissions at the top; a job that needs more asks for it itself', () => {
      expect(workflow.permissions, `${file} must declare permissions:`).toBeTypeOf('object');
      const writes = Object.entries(workflow.permissions as Record<string, string>).filter(
        ([, v]) => v !== 'read',
      );
      expect(writes, `${file}: workflow-level write permissions`).toEqual([]);
      for (const [name, job] of Object.entries(workflow.jobs)) {
        if (job.permissions !== undefined) {
          expect(typeof job.permissions, `${file} job ${name}: no write-all/read-all shorthands`).toBe(
            'object',
          );
        }
      }
    });

    it('gives every job a timeout (a job calling another workflow inherits that one’s)', () => {
      for (const [name, job] of Object.entries(workflow.jobs)) {
        if (job.uses) continue;
        expect(job['timeout-minutes'], `${file} job ${name} has no timeout-minutes`).toBeGreaterThan(0);
      }
    });

    it('pins every third-party action to a full commit SHA with a comment naming the version', () => {
      const uses = [...text.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/gm)].filter(
        ([, ref]) => !ref!.startsWith('./'),
      );
      expect(uses.length).toBeGreaterThan(0);
      for (const [line, ref, rest] of uses) {
        expect(ref, `${file}: "${line!.trim()}" must be pinned to a 40-hex commit SHA`).toMatch(
          /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/,
        );
        expect(rest, `${file}: "${line!.trim()}" needs a "# vX.Y.Z" comment`).toMatch(
          /#\s*v\d+(\.\d+){0,2}\b/,
        );
      }
    });

    it('passes values to scripts through env:, never as ${{ }} inside run: (script injection)', () => {
      for (const { job, step, run } of runScripts(workflow)) {
        expect(run, `${file} job ${job} step "${step.name ?? step.id ?? run.slice(0, 40)}"`).not.toMatch(
          /\$\{\{/,
        );
      }
      // The same rule, stated for the dangerous case on its own: attacker-controlled event fields.
      expect(
        runScripts(workflow).filter(({ run }) => /github\.event\.|github\.head_ref/.test(run)),
        `${file}: github.event.* / github.head_ref used in a run script`,
      ).toEqual([]);
    });

    it('checks the repository out without leaving the token in .git/config', () => {
      for (const step of stepsOf(workflow).filter((s) => s.uses?.startsWith('actions/checkout@'))) {
        expect(
          step.with?.['persist-credentials'],
          `${file}: checkout must set persist-credentials: false`,
        ).toBe(false);
      }
    });
  });

  it('calls only npm scripts that package.json defines (lab and chaos arrive with the lab engine)', () => {
    // Allowed to be missing for now, and only these: the lab CLI lands in a later issue (DESIGN.md).
    const FUTURE_SCRIPTS = new Set(['lab', 'chaos']);
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const missing = files.flatMap((file) =>
      npmScriptsCalled(loadWorkflow(file).workflow)
        .filter((s) => !(s in pkg.scripts) && !FUTURE_SCRIPTS.has(s))
        .map((s) => `${file}: npm script "${s}"`),
    );
    expect(missing, 'scripts the workflows call but package.json does not define').toEqual([]);
  });

  const actionlint = findTool('actionlint', 'go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12');
  const shellcheck = findTool('shellcheck', 'apt-get install shellcheck');
  const skipReason = actionlint.skipReason ?? shellcheck.skipReason;
  if (skipReason) console.warn(skipReason);

  it.skipIf(!!skipReason)('is clean under actionlint, shell scripts included (shellcheck)', () => {
    let output = '';
    try {
      output = execFileSync(
        actionlint.path!,
        ['-shellcheck', shellcheck.path!, '-no-color', ...files.map((f) => join(workflowsDir, f))],
        { cwd: repoRoot, encoding: 'utf8', stdio: 'pipe' },
      );
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      output = `${e.stdout ?? ''}${e.stderr ?? ''}` || String(error);
    }
    expect(output, 'actionlint findings').toBe('');
  });
});

describe('ci.yml', () => {
  const job = ci.jobs.test!;
  const runs = runScripts(ci).map((r) => r.run.trim());

  it('runs on pushes to main, on pull requests, and when deploy.yml calls it', () => {
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request', 'workflow_call']));
  });

  it('cancels a run when a newer push to the same ref supersedes it', () => {
    expect(ci.concurrency?.group).toContain('github.ref');
    expect(ci.concurrency?.['cancel-in-progress']).toBe(true);
  });

  it('uses Node 20 with the npm cache', () => {
    const [setupNode] = stepUsing(job, 'actions/setup-node');
    expect(setupNode?.with).toMatchObject({ 'node-version': '20.x', cache: 'npm' });
  });

  it('runs npm ci, then lint, typecheck and the tests, in that order, with LAB_CI=1', () => {
    const order = ['npm ci', 'npm run lint', 'npm run typecheck', 'npm test'].map((cmd) =>
      runs.findIndex((r) => r.startsWith(cmd)),
    );
    expect(
      order.every((i) => i >= 0),
      `missing one of npm ci/lint/typecheck/test: ${order.join()}`,
    ).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(job.env?.LAB_CI).toBe('1');
  });

  it('installs every tool the tests look for, so LAB_CI=1 finds none missing', () => {
    const scripts = allRuns(job);
    for (const [tool, install] of [
      ['promtool (apt package prometheus)', /missing=\(prometheus/],
      ['chromium', /missing\+=\(chromium\)/],
      ['shellcheck', /missing=\([^)]*shellcheck/],
      ['checkov', /pip install[^\n]*checkov/],
      ['kustomize', /go install sigs\.k8s\.io\/kustomize\/kustomize\/v5@/],
      ['actionlint', /go install github\.com\/rhysd\/actionlint\/cmd\/actionlint@/],
    ] as const) {
      expect(scripts, `ci.yml does not install ${tool}`).toMatch(install);
    }
  });
});

describe('ci.yml and deploy.yml', () => {
  it('use the same Terraform version, so CI checks what production runs', () => {
    const [setup] = stepUsing(ci.jobs.test!, 'hashicorp/setup-terraform');
    expect(setup?.with?.terraform_version).toBe(deploy.env?.TERRAFORM_VERSION);
  });
});

describe('chaos.yml', () => {
  const job = chaos.jobs.scenarios!;
  const steps = job.steps ?? [];
  const lab = steps.find((s) => s.id === 'lab');

  it('runs on every pull request, and on main so PRs have a baseline', () => {
    expect(chaos.on).toHaveProperty('pull_request');
    expect(chaos.on).toHaveProperty('push', { branches: ['main'] });
  });

  it('runs the lab’s scenarios with the matrix profile, writing reports to reports/ci', () => {
    expect(lab?.run).toContain('npm run lab -- run --profile "$PROFILE" --report-dir "$REPORT_DIR"');
    expect(job.env).toMatchObject({ PROFILE: '${{ matrix.profile }}', REPORT_DIR: 'reports/ci' });
  });

  it('runs both profiles, building the k3s images only for the k3s job', () => {
    expect(job.strategy?.matrix?.profile).toEqual(['local', 'k3s']);
    const build = steps.find((s) => s.run?.includes('lab -- images build'));
    expect(build?.if).toBe("matrix.profile == 'k3s'");
  });

  it('uploads reports/ as an artifact even when the lab fails', () => {
    const [upload] = stepUsing(job, 'actions/upload-artifact');
    expect(upload?.if).toBe('always()');
    expect(upload?.with).toMatchObject({ path: 'reports/' });
  });

  it('writes the report and the comparison with main to the job summary, after failures too', () => {
    const summarySteps = steps.filter((s) => s.run?.includes('>> "$GITHUB_STEP_SUMMARY"'));
    expect(summarySteps.map((s) => s.run?.match(/chaos-report\.ts (\w+)/)?.[1])).toEqual([
      'summary',
      'compare',
    ]);
    for (const step of summarySteps) expect(step.if).toMatch(/^always\(\)/);
    const compare = summarySteps[1]!;
    expect(compare.if).toContain("github.event_name == 'pull_request'");
    expect(compare.run).toContain('gh run download "$id" --name "chaos-report-$PROFILE"');
  });

  it('fails the job, last, when the lab exits non-zero', () => {
    expect(lab?.run).toContain('|| code=$?');
    const last = steps.at(-1)!;
    expect(last.run).toContain('chaos-report.ts verdict "$EXIT_CODE"');
    expect(last.env?.EXIT_CODE).toBe('${{ steps.lab.outputs.exit-code }}');
    expect(last.if).toMatch(/^always\(\)/);
  });
});

describe('deploy.yml', () => {
  const { images, plan, apply } = deploy.jobs;
  const applyRuns = allRuns(apply!);

  it('runs on pushes to main and by hand, one at a time, never cancelling a rollout', () => {
    expect(deploy.on).toEqual({ push: { branches: ['main'] }, workflow_dispatch: null });
    expect(deploy.concurrency).toEqual({ group: 'deploy-production', 'cancel-in-progress': false });
  });

  it('deploys only what passed ci.yml', () => {
    expect(deploy.jobs.test?.uses).toBe('./.github/workflows/ci.yml');
    expect(needsOf(images!)).toEqual(['test']);
    expect(needsOf(plan!)).toEqual(['test']);
  });

  it('applies in a job bound to the protected production environment, after plan and images', () => {
    expect(apply?.environment).toMatchObject({ name: 'production' });
    expect(needsOf(apply!).sort()).toEqual(['images', 'plan']);
  });

  it('reaches AWS through OIDC only: id-token where AWS is used, no access keys anywhere', () => {
    expect(loadWorkflow('deploy.yml').text).not.toMatch(
      /aws-access-key-id|aws-secret-access-key|AWS_SECRET/i,
    );
    for (const [name, job] of Object.entries(deploy.jobs)) {
      const usesAws = stepUsing(job, 'aws-actions/configure-aws-credentials');
      if (usesAws.length === 0) continue;
      expect(job.permissions, `job ${name}`).toEqual({ contents: 'read', 'id-token': 'write' });
      expect(usesAws[0]?.with?.['role-to-assume'], `job ${name}`).toMatch(
        /^\$\{\{ vars\.AWS_\w+_ROLE_ARN \}\}$/,
      );
    }
  });

  it('builds both images from their Dockerfiles with the repository root as context, tagged with the commit', () => {
    const build = allRuns(images!);
    expect(build).toContain('docker build --file "app/$component/Dockerfile"');
    expect(build).toMatch(/--label "org\.opencontainers\.image\.revision=\$GITHUB_SHA" \.\n/);
    expect(build).toContain('for component in backend frontend');
    expect(deploy.env?.IMAGE_TAG).toBe('${{ github.sha }}');
  });

  it('fails the images job on any CRITICAL vulnerability in the ECR scan', () => {
    const scan = allRuns(images!);
    expect(scan).toContain('aws ecr wait image-scan-complete');
    expect(scan).toContain('.CRITICAL // 0');
    expect(scan).toMatch(/if \[ "\$critical" -gt 0 \]/);
  });

  it('plans into an artifact that apply downloads, with the lock file, and applies as approved', () => {
    expect(allRuns(plan!)).toContain('terraform plan -lock-timeout=5m -detailed-exitcode -out=tfplan');
    const [upload] = stepUsing(plan!, 'actions/upload-artifact');
    const [download] = stepUsing(apply!, 'actions/download-artifact');
    expect(upload?.with).toMatchObject({ name: 'terraform-plan', 'include-hidden-files': true });
    expect(String(upload?.with?.path)).toContain('terraform/.terraform.lock.hcl');
    expect(download?.with?.name).toBe('terraform-plan');
    expect(applyRuns).toContain('terraform init -lockfile=readonly');
    expect(applyRuns).toContain('terraform apply -lock-timeout=5m tfplan');
  });

  it('plans and applies with one pinned Terraform version (a saved plan needs the same one)', () => {
    expect(deploy.env?.TERRAFORM_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    for (const job of [plan!, apply!]) {
      expect(stepUsing(job, 'hashicorp/setup-terraform')[0]?.with?.terraform_version).toBe(
        '${{ env.TERRAFORM_VERSION }}',
      );
    }
  });

  it('points the aws overlay at terraform’s outputs and the pushed tag, applies it, waits with a timeout', () => {
    expect(deploy.env?.OVERLAY).toBe('k8s/overlays/aws');
    expect(applyRuns).toContain(
      'bash "$OVERLAY/terraform-outputs.sh" "$TF_DIR" > "$OVERLAY/terraform-outputs.env"',
    );
    expect(applyRuns).toContain(
      'kustomize edit set image "dhakacart/backend=$backend:$IMAGE_TAG" "dhakacart/frontend=$frontend:$IMAGE_TAG"',
    );
    expect(applyRuns).toContain('kubectl apply -k "$OVERLAY"');
    expect(applyRuns).toMatch(/rollout status "deployment\/\$deployment" --timeout=\d+m/);
  });

  it('smoke-tests /healthz, /readyz and /api/products on the public URL', () => {
    const smoke = apply!.steps!.find((s) => s.name?.startsWith('Smoke test'))!.run!;
    for (const path of ['get /healthz', 'get /readyz', "get '/api/products"]) expect(smoke).toContain(path);
  });

  it('rolls both Deployments back to their previous revisions when anything after the apply fails', () => {
    const rollback = apply!.steps!.at(-1)!;
    expect(rollback.if).toMatch(/^failure\(\) && \(steps\.k8s_apply\.outcome/);
    expect(rollback.run).toContain('for deployment in backend frontend');
    expect(rollback.run).toContain('rollout undo "deployment/$deployment" --to-revision="$before"');
  });
});

describe('deploy.yml agrees with k8s/ and terraform/', () => {
  const text = loadWorkflow('deploy.yml').text;

  it('reads only terraform outputs that terraform/outputs.tf defines', () => {
    const outputsTf = readFileSync(join(repoRoot, 'terraform/outputs.tf'), 'utf8');
    const defined = new Set([...outputsTf.matchAll(/^output "([\w-]+)"/gm)].map((m) => m[1]));
    const used = [...text.matchAll(/output -raw ([\w-]+)/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((name) => !defined.has(name))).toEqual([]);
  });

  it('sets the image names the aws overlay declares', () => {
    const kustomization = parse(
      readFileSync(join(repoRoot, 'k8s/overlays/aws/kustomization.yaml'), 'utf8'),
    ) as {
      images: { name: string }[];
    };
    expect(kustomization.images.map((i) => i.name).sort()).toEqual([
      'dhakacart/backend',
      'dhakacart/frontend',
    ]);
    expect(existsSync(join(repoRoot, 'k8s/overlays/aws/terraform-outputs.sh'))).toBe(true);
  });

  it('builds the images from Dockerfiles that exist', () => {
    for (const component of ['backend', 'frontend']) {
      expect(existsSync(join(repoRoot, `app/${component}/Dockerfile`)), `app/${component}/Dockerfile`).toBe(
        true,
      );
    }
  });
});
