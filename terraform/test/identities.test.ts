import { describe, expect, it } from 'vitest';
import { block, loadTerraformTree } from './support/hcl.js';
import { childInstance, instantiate, resolve, resourcesOfType, traceResources } from './support/stack.js';

const tree = await loadTerraformTree();
const instances = instantiate(tree);
const root = tree.modules.get('.')!;
const irsaInstances = instances.filter((i) => i.module.dir === 'modules/irsa-role');

describe('IRSA roles', () => {
  it('exist for the backend, the backup job, the cluster autoscaler, the VPC CNI and the EBS CSI driver', () => {
    expect(irsaInstances.map((i) => i.address).sort()).toEqual([
      'module.backups.module.backup_job_role',
      'module.cluster.module.cluster_autoscaler_role',
      'module.cluster.module.ebs_csi_role',
      'module.cluster.module.vpc_cni_role',
      'module.secrets.module.backend_role',
    ]);
  });

  it('each trusts exactly one service account of one namespace, through the cluster’s OIDC provider', () => {
    const [role] = resourcesOfType(irsaInstances.slice(0, 1), 'aws_iam_role');
    const trust = String(role!.resource.body.assume_role_policy);
    expect(trust).toContain('sts:AssumeRoleWithWebIdentity');
    // StringEquals (not StringLike): no wildcard can widen it to other service accounts.
    expect(trust).toContain('StringEquals');
    expect(trust).not.toContain('StringLike');
    expect(trust).toMatch(
      /:sub"\s*=\s*"system:serviceaccount:\$\{var\.namespace\}:\$\{var\.service_account\}"/,
    );
    expect(trust).toMatch(/:aud"\s*=\s*"sts\.amazonaws\.com"/);
    for (const instance of irsaInstances) {
      const namespace = resolve(tree, instance, '${var.namespace}');
      const account = resolve(tree, instance, '${var.service_account}');
      expect(
        namespace.known && account.known,
        `${instance.address}: namespace and service account resolve`,
      ).toBe(true);
      const provider = traceResources(tree, instance, '${var.oidc_provider_arn}');
      expect(
        provider.map((p) => p.resource.type),
        instance.address,
      ).toEqual(['aws_iam_openid_connect_provider']);
    }
  });

  it('the backend’s role trusts dhakacart/backend and may only read its two secrets', () => {
    const backend = irsaInstances.find((i) => i.address === 'module.secrets.module.backend_role')!;
    expect(resolve(tree, backend, '${var.namespace}')).toEqual({ known: true, value: 'dhakacart' });
    expect(resolve(tree, backend, '${var.service_account}')).toEqual({ known: true, value: 'backend' });

    const secrets = childInstance(
      tree,
      instances.find((i) => i.address === 'root')!,
      'secrets',
    )!;
    const call = secrets.module.moduleCalls.get('backend_role')!;
    const policy = String((call.body.inline_policies as Record<string, string>)['read-backend-secrets']);
    const actions = [...policy.matchAll(/Action\s*=\s*(\[[^\]]*\]|"[^"]*")/g)].flatMap((m) =>
      [...m[1]!.matchAll(/"([^"]+)"/g)].map((a) => a[1]),
    );
    expect(actions.sort()).toEqual([
      'kms:Decrypt',
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
    ]);
    expect(policy).not.toMatch(/Resource\s*=\s*"\*"/);
    expect(policy).toContain('kms:ViaService');
    const read = traceResources(tree, secrets, policy);
    expect(read.map((r) => `${r.resource.type}.${r.resource.name}`).sort()).toEqual(
      expect.arrayContaining(['aws_db_instance.this', 'aws_secretsmanager_secret.jwt']),
    );
  });
});

describe('ECR repositories', () => {
  const repositories = resourcesOfType(instances, 'aws_ecr_repository');

  it('exist for backend and frontend, with immutable tags, scan on push and KMS encryption', () => {
    expect(repositories).toHaveLength(1);
    const [repo] = repositories;
    expect(resolve(tree, repo!.instance, '${var.components}')).toEqual({
      known: true,
      value: ['backend', 'frontend'],
    });
    expect(repo!.resource.body.image_tag_mutability).toBe('IMMUTABLE');
    expect(block(repo!.resource.body, 'image_scanning_configuration')?.scan_on_push).toBe(true);
    expect(block(repo!.resource.body, 'encryption_configuration')?.encryption_type).toBe('KMS');
  });
});

describe('outputs for the k8s aws overlay and deploy.yml', () => {
  const needed = [
    'region',
    'cluster_name',
    'ecr_repository_urls',
    'backend_image_repository_url',
    'frontend_image_repository_url',
    'database_host',
    'database_port',
    'database_endpoint',
    'database_name',
    'database_secret_arn',
    'jwt_secret_arn',
    'backend_irsa_role_arn',
    'backend_service_account',
    'app_namespace',
    'database_instance_identifier',
    'node_group_names',
  ];

  it.each(needed)('%s is an output with a description', (name) => {
    const output = root.outputs.get(name);
    expect(output, `output "${name}" in outputs.tf`).toBeDefined();
    expect(String(output!.body.description).length).toBeGreaterThan(10);
  });

  it('every output of every module has a description', () => {
    const missing = [...tree.modules.values()]
      .flatMap((m) => [...m.outputs.values()])
      .filter((o) => typeof o.body.description !== 'string' || o.body.description.length < 5)
      .map((o) => `${o.file}: output "${o.name}"`);
    expect(missing).toEqual([]);
  });
});
