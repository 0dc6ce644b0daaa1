import { describe, expect, it } from 'vitest';
import { block, loadTerraformTree } from './support/hcl.js';
import { publicExposureOf, zonesOf } from './support/network.js';
import type { ResourceRef } from './support/stack.js';
import { describeRef, instantiate, resolve, resourcesOfType, traceResources } from './support/stack.js';

const tree = await loadTerraformTree();
const instances = instantiate(tree);
const root = tree.modules.get('.')!;
const clusters = resourcesOfType(instances, 'aws_eks_cluster');
const nodeGroups = resourcesOfType(instances, 'aws_eks_node_group');

const known = (ref: ResourceRef, value: Parameters<typeof resolve>[2]): unknown => {
  const r = resolve(tree, ref.instance, value);
  return r.known ? r.value : `unresolvable: ${r.expression}`;
};

describe('availability zones', () => {
  const zones = root.variables.get('availability_zones')!;

  it('default to three distinct zones of ap-southeast-1', () => {
    const defaults = zones.body.default as string[];
    expect(new Set(defaults).size).toBe(3);
    for (const zone of defaults) expect(zone).toMatch(/^ap-southeast-1[a-z]$/);
  });

  it('are validated: at least three, distinct, and in the chosen region', () => {
    const conditions = (zones.body.validation as { condition: string }[]).map((v) => v.condition).join('\n');
    expect(conditions).toMatch(/length\(var\.availability_zones\) >= 3/);
    expect(conditions).toMatch(/distinct\(var\.availability_zones\)/);
    expect(conditions).toMatch(/var\.region/);
  });
});

describe('EKS cluster', () => {
  it('exists: exactly one cluster with at least one managed node group', () => {
    expect(clusters).toHaveLength(1);
    expect(nodeGroups.length).toBeGreaterThan(0);
  });

  describe.each(clusters.map((c) => [describeRef(c), c] as const))('%s', (_, cluster) => {
    it('encrypts Kubernetes Secrets with a customer-managed KMS key that rotates', () => {
      const encryption = block(cluster.resource.body, 'encryption_config');
      expect(encryption?.resources).toEqual(['secrets']);
      const keys = traceResources(tree, cluster.instance, block(encryption!, 'provider')?.key_arn);
      expect(keys.map((k) => k.resource.type)).toEqual(['aws_kms_key']);
      expect(known(keys[0]!, keys[0]!.resource.body.enable_key_rotation)).toBe(true);
    });

    it('has a private API endpoint; the public one is off by default and never open to 0.0.0.0/0', () => {
      const vpc = block(cluster.resource.body, 'vpc_config')!;
      expect(known(cluster, vpc.endpoint_private_access)).toBe(true);
      expect(known(cluster, vpc.endpoint_public_access)).toBe(false);
      expect(known(cluster, vpc.public_access_cidrs)).toEqual([]);
      const cidrs = root.variables.get('cluster_endpoint_public_access_cidrs')!;
      const conditions = (cidrs.body.validation as { condition: string }[])
        .map((v) => v.condition)
        .join('\n');
      expect(conditions).toContain('"0.0.0.0/0"');
    });

    it('sends every control plane log type to an encrypted log group', () => {
      expect(known(cluster, cluster.resource.body.enabled_cluster_log_types)).toEqual(
        expect.arrayContaining(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']),
      );
      const groups = resourcesOfType([cluster.instance], 'aws_cloudwatch_log_group');
      expect(groups.map((g) => g.resource.body.name)).toEqual([expect.stringMatching(/\/cluster$/)]);
      expect(traceResources(tree, cluster.instance, groups[0]!.resource.body.kms_key_id)).toHaveLength(1);
    });

    it('runs its control plane interfaces in private subnets only', () => {
      const subnets = traceResources(
        tree,
        cluster.instance,
        block(cluster.resource.body, 'vpc_config')!.subnet_ids,
      );
      expect(subnets.length).toBeGreaterThan(0);
      expect(subnets.flatMap((s) => publicExposureOf(tree, s))).toEqual([]);
    });

    it('has an IAM OIDC provider for IRSA', () => {
      const providers = resourcesOfType([cluster.instance], 'aws_iam_openid_connect_provider');
      expect(providers).toHaveLength(1);
      expect(
        traceResources(tree, cluster.instance, providers[0]!.resource.body.url).map((r) => r.resource),
      ).toEqual([cluster.resource]);
    });
  });

  describe.each(nodeGroups.map((g) => [describeRef(g), g] as const))('node group %s', (_, group) => {
    const subnets = traceResources(tree, group.instance, group.resource.body.subnet_ids);

    it('spans private subnets only', () => {
      expect(subnets.map((s) => s.resource.type)).toEqual(['aws_subnet']);
      expect(subnets.flatMap((s) => publicExposureOf(tree, s))).toEqual([]);
    });

    it('spans three availability zones: its subnets are repeated over the zone list', () => {
      const zones = zonesOf(tree, subnets[0]!);
      expect(zones?.variable).toBe('availability_zones');
      expect(new Set(zones?.zones).size).toBeGreaterThanOrEqual(3);
    });

    it('autoscales between min and max, never below one node per zone by default', () => {
      const scaling = block(group.resource.body, 'scaling_config')!;
      for (const key of ['min_size', 'max_size', 'desired_size']) expect(scaling[key], key).toBeDefined();
      const defaults = Object.values(
        root.variables.get('node_groups')!.body.default as Record<string, Record<string, number>>,
      );
      const zoneCount = (root.variables.get('availability_zones')!.body.default as string[]).length;
      for (const d of defaults) {
        expect(d.min_size).toBeGreaterThanOrEqual(zoneCount);
        expect(d.max_size).toBeGreaterThan(d.min_size!);
        expect(d.desired_size).toBeGreaterThanOrEqual(d.min_size!);
      }
      const lifecycle = block(group.resource.body, 'lifecycle');
      expect(lifecycle?.ignore_changes, 'the cluster autoscaler owns desired_size').toEqual([
        '${scaling_config[0].desired_size}',
      ]);
    });

    it('runs nodes that require IMDSv2 with one hop and encrypt their disks', () => {
      const templates = traceResources(
        tree,
        group.instance,
        block(group.resource.body, 'launch_template')!.id,
      );
      expect(templates.map((t) => t.resource.type)).toEqual(['aws_launch_template']);
      const metadata = block(templates[0]!.resource.body, 'metadata_options')!;
      expect(metadata).toMatchObject({ http_tokens: 'required', http_put_response_hop_limit: 1 });
      const ebs = block(block(templates[0]!.resource.body, 'block_device_mappings')!, 'ebs')!;
      expect(ebs.encrypted).toBe(true);
    });
  });

  it('gives the nodes only the managed policies they need (CNI permissions go to aws-node through IRSA)', () => {
    const attachments = resourcesOfType(
      instances.filter((i) => i.address === 'module.cluster'),
      'aws_iam_role_policy_attachment',
    ).filter((a) => String(a.resource.body.role).includes('aws_iam_role.node'));
    const policies = attachments.flatMap((a) => {
      const each = a.resource.body.for_each;
      return Array.isArray(each)
        ? each
        : (String(each).match(/"([A-Za-z0-9_]+)"/g) ?? []).map((s) => s.slice(1, -1));
    });
    expect(policies.sort()).toEqual(['AmazonEC2ContainerRegistryPullOnly', 'AmazonEKSWorkerNodePolicy']);
  });
});
