import { describe, expect, it } from 'vitest';
import { loadTerraformTree } from './support/hcl.js';
import { publicExposureOf } from './support/network.js';
import type { ResourceRef } from './support/stack.js';
import { describeRef, instantiate, resolve, resourcesOfType, traceResources } from './support/stack.js';

const tree = await loadTerraformTree();
const instances = instantiate(tree);
const databases = resourcesOfType(instances, 'aws_db_instance');

/** The attribute's value with every variable default in place. */
const valueOf = (db: ResourceRef, attribute: string): unknown => {
  const resolved = resolve(tree, db.instance, db.resource.body[attribute]);
  return resolved.known ? resolved.value : `unresolvable: ${resolved.expression}`;
};

describe('RDS PostgreSQL', () => {
  it('exists: exactly one database instance, PostgreSQL', () => {
    expect(databases.map(describeRef)).toHaveLength(1);
    expect(databases.map((db) => valueOf(db, 'engine'))).toEqual(['postgres']);
  });

  describe.each(databases.map((db) => [describeRef(db), db] as const))('%s', (_, db) => {
    it('is Multi-AZ: a synchronous standby in another zone takes over on failure', () => {
      expect(valueOf(db, 'multi_az')).toBe(true);
    });

    it('encrypts its storage with a customer-managed KMS key that rotates', () => {
      expect(valueOf(db, 'storage_encrypted')).toBe(true);
      const keys = traceResources(tree, db.instance, db.resource.body.kms_key_id);
      expect(
        keys.map((k) => k.resource.type),
        'kms_key_id must come from an aws_kms_key',
      ).toEqual(['aws_kms_key']);
      expect(resolve(tree, keys[0]!.instance, keys[0]!.resource.body.enable_key_rotation)).toEqual({
        known: true,
        value: true,
      });
    });

    it('keeps at least 7 days of backups for point-in-time recovery, and cannot be configured below that', () => {
      expect(valueOf(db, 'backup_retention_period')).toBeGreaterThanOrEqual(7);
      const rootVariable = tree.modules.get('.')?.variables.get('db_backup_retention_days');
      const conditions = (rootVariable?.body.validation as { condition: string }[] | undefined)?.map(
        (v) => v.condition,
      );
      expect(conditions?.join(' '), 'db_backup_retention_days needs a validation of >= 7').toMatch(/>= 7/);
    });

    it('is protected from deletion and leaves a final snapshot if deleted anyway', () => {
      expect(valueOf(db, 'deletion_protection')).toBe(true);
      expect(valueOf(db, 'skip_final_snapshot')).toBe(false);
      expect(db.resource.body.final_snapshot_identifier).toBeTruthy();
      expect(valueOf(db, 'copy_tags_to_snapshot')).toBe(true);
    });

    it('is not publicly accessible', () => {
      expect(valueOf(db, 'publicly_accessible')).toBe(false);
    });

    it('lives only in private subnets (no public IPs, no route to the internet gateway), in at least 3 of them', () => {
      const groups = traceResources(tree, db.instance, db.resource.body.db_subnet_group_name);
      expect(groups.map((g) => g.resource.type)).toEqual(['aws_db_subnet_group']);
      const subnets = traceResources(tree, groups[0]!.instance, groups[0]!.resource.body.subnet_ids);
      expect(
        subnets.map(describeRef),
        'the DB subnet group must be built from aws_subnet resources',
      ).not.toEqual([]);
      expect(subnets.flatMap((s) => publicExposureOf(tree, s))).toEqual([]);
    });

    it('admits PostgreSQL only from the cluster nodes’ security group', () => {
      const groups = traceResources(tree, db.instance, db.resource.body.vpc_security_group_ids);
      expect(groups.map((g) => g.resource.type)).toEqual(['aws_security_group']);
      const [group] = groups;
      const rules = group!.instance.module.resources.filter(
        (r) =>
          r.type === 'aws_vpc_security_group_ingress_rule' &&
          traceResources(tree, group!.instance, r.body.security_group_id).some(
            (g) => g.resource === group!.resource,
          ),
      );
      expect(rules.map((r) => [r.body.from_port, r.body.to_port, r.body.ip_protocol])).toEqual([
        [5432, 5432, 'tcp'],
      ]);
      expect(rules[0]!.body.cidr_ipv4, 'no CIDR-based ingress').toBeUndefined();
      const sources = traceResources(tree, group!.instance, rules[0]!.body.referenced_security_group_id);
      expect(sources.map(describeRef)).toEqual([
        expect.stringMatching(/^module\.cluster\.aws_security_group\.node /),
      ]);
      const inline = group!.resource.body.ingress;
      expect(inline, 'no inline ingress blocks next to the rule').toBeUndefined();
    });

    it('forces TLS and logs connections, DDL and slow statements through its parameter group', () => {
      const groups = traceResources(tree, db.instance, db.resource.body.parameter_group_name);
      expect(groups.map((g) => g.resource.type)).toEqual(['aws_db_parameter_group']);
      const parameters = Object.fromEntries(
        (groups[0]!.resource.body.parameter as { name: string; value: string }[]).map((p) => [
          p.name,
          p.value,
        ]),
      );
      expect(parameters).toMatchObject({
        'rds.force_ssl': '1',
        log_connections: '1',
        log_disconnections: '1',
        log_statement: 'ddl',
      });
      expect(parameters).toHaveProperty('log_min_duration_statement');
    });

    it('lets RDS generate and rotate the master password in Secrets Manager (no password in terraform)', () => {
      expect(valueOf(db, 'manage_master_user_password')).toBe(true);
      expect(db.resource.body.password).toBeUndefined();
      expect(db.resource.body.password_wo).toBeUndefined();
      const keys = traceResources(tree, db.instance, db.resource.body.master_user_secret_kms_key_id);
      expect(
        keys.map((k) => k.resource.type),
        'the secret is encrypted with our own KMS key',
      ).toEqual(['aws_kms_key']);
    });

    it('has Performance Insights, Enhanced Monitoring, log exports and automatic minor upgrades', () => {
      expect(valueOf(db, 'performance_insights_enabled')).toBe(true);
      expect(valueOf(db, 'monitoring_interval')).toBeGreaterThan(0);
      expect(
        traceResources(tree, db.instance, db.resource.body.monitoring_role_arn).map((r) => r.resource.type),
      ).toEqual(['aws_iam_role']);
      expect(valueOf(db, 'enabled_cloudwatch_logs_exports')).toEqual(expect.arrayContaining(['postgresql']));
      expect(valueOf(db, 'auto_minor_version_upgrade')).toBe(true);
    });
  });
});
