import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import type { Job, Step } from './load-workflows.js';
import { loadWorkflow, repoRoot } from './load-workflows.js';

/**
 * deploy.yml from the saved plan to the cluster: terraform gets its state bucket and variables, the
 * cluster add-ons are installed (pinned, waited for) and the overlay is pointed at terraform's
 * outputs before anything is applied, so the committed placeholders never reach the cluster.
 */
const deploy = loadWorkflow('deploy.yml').workflow;
const plan = deploy.jobs.plan!;
const apply = deploy.jobs.apply!;
const applySteps = apply.steps ?? [];

const stepIndex = (job: Job, what: string, match: (s: Step) => boolean): number => {
  const index = (job.steps ?? []).findIndex(match);
  expect(index, `no step that ${what}`).toBeGreaterThanOrEqual(0);
  return index;
};
const runIncludes = (text: string) => (s: Step) => s.run?.includes(text) ?? false;

const addonStep = applySteps.find((s) => s.run?.includes('helm upgrade --install'));
/** `addon <release> <namespace> <chart> <version> <repository> [helm args]` calls in the add-on step. */
const addons = [
  ...(addonStep?.run ?? '').matchAll(/^\s*addon (\S+) (\S+) (\S+) (\S+) (\S+)((?:.*\\\n)*.*)$/gm),
].map(([, release, namespace, chart, version, repository, extra]) => ({
  release: release!,
  namespace: namespace!,
  chart: chart!,
  version: version!,
  repository: repository!,
  extra: extra!,
}));
const addon = (release: string) => addons.find((a) => a.release === release);

describe('deploy.yml: terraform state and variables', () => {
  it.each([
    ['plan', plan],
    ['apply', apply],
  ])('%s: init takes the state bucket from TF_STATE_BUCKET and keeps the committed lock file', (_, job) => {
    const init = (job.steps ?? []).find((s) => s.run?.includes('terraform init'))?.run ?? '';
    expect(init).toContain('terraform init -lockfile=readonly -backend-config="bucket=$TF_STATE_BUCKET"');
    expect(job.env?.TF_STATE_BUCKET).toBe('${{ vars.TF_STATE_BUCKET }}');
  });

  it.each([
    ['plan', plan],
    ['apply', apply],
  ])('%s: sets github_repository and state_bucket_name through TF_VAR_ env vars', (_, job) => {
    expect(job.env).toMatchObject({
      TF_VAR_github_repository: '${{ github.repository }}',
      TF_VAR_state_bucket_name: '${{ vars.TF_STATE_BUCKET }}',
    });
    const variables = readFileSync(join(repoRoot, 'terraform/variables.tf'), 'utf8');
    for (const name of ['github_repository', 'state_bucket_name']) {
      expect(variables, `terraform/variables.tf declares ${name}`).toContain(`variable "${name}"`);
    }
  });
});

describe('deploy.yml: the overlay gets terraform’s values before it is applied', () => {
  const k8sApply = stepIndex(apply, 'runs kubectl apply -k', (s) => s.id === 'k8s_apply');

  it('writes terraform-outputs.env from terraform-outputs.sh, with PUBLIC_HOST, before kubectl apply -k', () => {
    const outputs = stepIndex(apply, 'runs terraform-outputs.sh', runIncludes('terraform-outputs.sh'));
    expect(outputs).toBeLessThan(k8sApply);
    const run = applySteps[outputs]!.run!;
    expect(run).toContain(
      'bash "$OVERLAY/terraform-outputs.sh" "$TF_DIR" > "$OVERLAY/terraform-outputs.env"',
    );
    // PUBLIC_HOST is exported before the script runs, from the job's PUBLIC_URL.
    expect(run.indexOf('export PUBLIC_HOST=')).toBeGreaterThanOrEqual(0);
    expect(run.indexOf('export PUBLIC_HOST=')).toBeLessThan(run.indexOf('terraform-outputs.sh'));
    expect(run).toMatch(/^set -euo pipefail$/m);
    expect(apply.env?.PUBLIC_URL).toBe('${{ vars.PUBLIC_URL }}');
  });

  it('refuses to apply when the built overlay still holds a committed placeholder', () => {
    const guard = stepIndex(apply, 'checks for placeholders', runIncludes('kustomize build "$OVERLAY"'));
    const outputs = stepIndex(apply, 'runs terraform-outputs.sh', runIncludes('terraform-outputs.sh'));
    expect(guard).toBeGreaterThan(outputs);
    expect(guard).toBeLessThan(k8sApply);
    const run = applySteps[guard]!.run!;
    // Every placeholder the committed files hold must be one the guard looks for.
    const env = readFileSync(join(repoRoot, 'k8s/overlays/aws/terraform-outputs.env'), 'utf8');
    const kustomization = readFileSync(join(repoRoot, 'k8s/overlays/aws/kustomization.yaml'), 'utf8');
    expect(env).toContain('000000000000');
    expect(env).toContain('example.invalid');
    expect(kustomization).toContain('commit-sha-set-by-deploy');
    for (const placeholder of [
      '000000000000',
      'example\\.invalid',
      'REPLACED_BY_',
      'commit-sha-set-by-deploy',
    ]) {
      expect(run).toContain(placeholder);
    }
    expect(run).toMatch(/exit 1/);
  });
});

describe('deploy.yml: cluster add-ons', () => {
  const REQUIRED = [
    'ingress-nginx',
    'cert-manager',
    'kube-prometheus-stack',
    'external-secrets',
    'cluster-autoscaler',
  ];

  it('installs every add-on the overlay needs', () => {
    expect(addons.map((a) => a.release)).toEqual(expect.arrayContaining(REQUIRED));
  });

  it('pins each chart to an exact version, from an https repository', () => {
    for (const { release, version, repository } of addons) {
      expect(version, `${release}: a fixed chart version, not a range`).toMatch(/^v?\d+\.\d+\.\d+$/);
      expect(repository, `${release}: chart repository`).toMatch(/^https:\/\//);
    }
  });

  it('installs with helm upgrade --install --version, its values file, --wait and a timeout', () => {
    const run = addonStep?.run ?? '';
    expect(run).toMatch(/helm upgrade --install "\$release" "\$chart" --repo "\$repo" --version "\$version"/);
    expect(run).toContain('--values "k8s/addons/$release-values.yaml"');
    expect(run).toMatch(/--wait --timeout \d+m/);
    expect(run).toMatch(/^set -euo pipefail$/m);
    for (const { release } of addons) {
      expect(
        existsSync(join(repoRoot, `k8s/addons/${release}-values.yaml`)),
        `k8s/addons/${release}-values.yaml`,
      ).toBe(true);
    }
  });

  it('keeps every values file valid YAML that explains itself in comments', () => {
    for (const { release } of addons) {
      const text = readFileSync(join(repoRoot, `k8s/addons/${release}-values.yaml`), 'utf8');
      const documents = parseAllDocuments(text);
      expect(
        documents.flatMap((d) => d.errors.map((e) => e.message)),
        `${release}-values.yaml`,
      ).toEqual([]);
      expect(text, `${release}-values.yaml starts with a comment saying what it is for`).toMatch(/^# /);
    }
  });

  it('installs them after helm is set up and kubectl is connected, and before the app overlay', () => {
    const install = applySteps.indexOf(addonStep!);
    const helm = stepIndex(apply, 'sets up helm', (s) => s.uses?.startsWith('azure/setup-helm@') ?? false);
    const kubeconfig = stepIndex(apply, 'connects kubectl', runIncludes('aws eks update-kubeconfig'));
    const k8sApply = stepIndex(apply, 'runs kubectl apply -k', (s) => s.id === 'k8s_apply');
    expect(install).toBeGreaterThan(helm);
    expect(install).toBeGreaterThan(kubeconfig);
    expect(install).toBeLessThan(k8sApply);
  });

  it('puts ingress-nginx and kube-prometheus-stack where the NetworkPolicies and ServiceMonitors expect them', () => {
    expect(addon('ingress-nginx')?.namespace).toBe('ingress-nginx');
    expect(addon('kube-prometheus-stack')?.namespace).toBe('monitoring');
    const monitors = parseAllDocuments(
      readFileSync(join(repoRoot, 'k8s/monitoring/servicemonitors.yaml'), 'utf8'),
    ).map((d) => d.toJS() as { metadata?: { labels?: Record<string, string> } });
    const releases = new Set(monitors.map((m) => m.metadata?.labels?.release));
    expect([...releases]).toEqual(['kube-prometheus-stack']);
  });

  it('lists each add-on with its pinned version in docs/deployment.md', () => {
    const doc = readFileSync(join(repoRoot, 'docs/deployment.md'), 'utf8');
    for (const { release, version } of addons) {
      expect(doc, `docs/deployment.md: the ${release} row`).toMatch(
        new RegExp(`\\| \`${release}\` \\|[^\\n]*\\| ${version.replaceAll('.', '\\.')}\\b`),
      );
    }
  });

  it('installs cert-manager with its CRDs (the base ClusterIssuers need them)', () => {
    const values = parse(readFileSync(join(repoRoot, 'k8s/addons/cert-manager-values.yaml'), 'utf8')) as {
      crds?: { enabled?: boolean };
    };
    expect(values.crds?.enabled).toBe(true);
  });

  it('runs the cluster autoscaler as kube-system/cluster-autoscaler with terraform’s IRSA role', () => {
    const autoscaler = addon('cluster-autoscaler')!;
    expect(autoscaler.namespace).toBe('kube-system');
    expect(autoscaler.extra).toContain(
      `--set-string 'rbac.serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn'="$autoscaler_role"`,
    );
    expect(autoscaler.extra).toContain('--set-string autoDiscovery.clusterName="$cluster"');
    expect(addonStep?.run).toContain(
      'autoscaler_role=$(terraform -chdir="$TF_DIR" output -raw cluster_autoscaler_irsa_role_arn)',
    );
    const values = parse(
      readFileSync(join(repoRoot, 'k8s/addons/cluster-autoscaler-values.yaml'), 'utf8'),
    ) as { rbac?: { serviceAccount?: { name?: string } } };
    expect(values.rbac?.serviceAccount?.name).toBe('cluster-autoscaler');
    // The service account the IRSA role trusts (terraform/modules/cluster/addons.tf).
    const addonsTf = readFileSync(join(repoRoot, 'terraform/modules/cluster/addons.tf'), 'utf8');
    const role = /module "cluster_autoscaler_role" \{[\s\S]*?\n\}/.exec(addonsTf)?.[0] ?? '';
    expect(role).toMatch(/namespace\s+= "kube-system"/);
    expect(role).toMatch(/service_account\s+= "cluster-autoscaler"/);
  });
});
