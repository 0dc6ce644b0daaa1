import { describe, expect, it } from 'vitest';
import type { HclBody } from './support/hcl.js';
import { block, blocks, loadTerraformTree } from './support/hcl.js';
import type { ResourceRef } from './support/stack.js';
import {
  describeRef,
  instantiate,
  refersTo,
  resolve,
  resourcesOfType,
  traceResources,
} from './support/stack.js';

const tree = await loadTerraformTree();
const instances = instantiate(tree);
const buckets = resourcesOfType(instances, 'aws_s3_bucket');

/** The bucket's companion resource of `type` (versioning, encryption, ...), which S3 splits out. */
const companion = (bucket: ResourceRef, type: string): HclBody | undefined =>
  bucket.instance.module.resources.find(
    (r) => r.type === type && refersTo(bucket.instance, r.body.bucket, 'aws_s3_bucket', bucket.resource.name),
  )?.body;

describe('S3 buckets', () => {
  it('exist: a backup bucket and its access-log bucket', () => {
    expect(buckets.map((b) => b.resource.name).sort()).toEqual(['access_logs', 'backups']);
  });

  describe.each(buckets.map((b) => [describeRef(b), b] as const))('%s', (_, bucket) => {
    it('is versioned, so an overwritten or deleted object can be recovered', () => {
      const versioning = companion(bucket, 'aws_s3_bucket_versioning');
      expect(versioning, 'aws_s3_bucket_versioning').toBeDefined();
      expect(block(versioning!, 'versioning_configuration')?.status).toBe('Enabled');
    });

    it('encrypts every object by default', () => {
      const encryption = companion(bucket, 'aws_s3_bucket_server_side_encryption_configuration');
      const rule = block(block(encryption ?? {}, 'rule') ?? {}, 'apply_server_side_encryption_by_default');
      expect(['aws:kms', 'AES256']).toContain(rule?.sse_algorithm);
    });

    it('blocks every kind of public access and disables ACLs', () => {
      expect(companion(bucket, 'aws_s3_bucket_public_access_block')).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(
        block(companion(bucket, 'aws_s3_bucket_ownership_controls') ?? {}, 'rule')?.object_ownership,
      ).toBe('BucketOwnerEnforced');
    });

    it('has lifecycle rules that expire objects, old versions and abandoned uploads', () => {
      const lifecycle = companion(bucket, 'aws_s3_bucket_lifecycle_configuration');
      const rules = blocks(lifecycle ?? {}, 'rule').filter((r) => r.status === 'Enabled');
      expect(rules.length, 'an Enabled lifecycle rule').toBeGreaterThan(0);
      for (const rule of rules) {
        expect(block(rule, 'expiration'), `rule ${String(rule.id)}: expiration`).toBeDefined();
        expect(
          block(rule, 'noncurrent_version_expiration'),
          `rule ${String(rule.id)}: old versions`,
        ).toBeDefined();
        expect(
          block(rule, 'abort_incomplete_multipart_upload'),
          `rule ${String(rule.id)}: uploads`,
        ).toBeDefined();
      }
    });

    it('refuses requests that are not over TLS', () => {
      const policy = String(companion(bucket, 'aws_s3_bucket_policy')?.policy ?? '');
      // One statement (no other Effect in between) that denies when aws:SecureTransport is false.
      expect(policy).toMatch(/Effect\s*=\s*"Deny"((?!Effect)[\s\S])*"aws:SecureTransport"\s*=\s*"false"/);
    });
  });

  describe('the backup bucket', () => {
    const backups = buckets.find((b) => b.resource.name === 'backups')!;

    it('uses SSE-KMS with its own rotating key', () => {
      const encryption = companion(backups, 'aws_s3_bucket_server_side_encryption_configuration')!;
      const rule = block(block(encryption, 'rule')!, 'apply_server_side_encryption_by_default')!;
      expect(rule.sse_algorithm).toBe('aws:kms');
      const keys = traceResources(tree, backups.instance, rule.kms_master_key_id);
      expect(keys.map((k) => k.resource.type)).toEqual(['aws_kms_key']);
      expect(resolve(tree, keys[0]!.instance, keys[0]!.resource.body.enable_key_rotation)).toEqual({
        known: true,
        value: true,
      });
    });

    it('moves backups to cheaper storage as they age, then expires them', () => {
      const rule = blocks(companion(backups, 'aws_s3_bucket_lifecycle_configuration')!, 'rule')[0]!;
      const classes = blocks(rule, 'transition').map((t) => t.storage_class);
      expect(classes).toEqual(['STANDARD_IA', 'GLACIER']);
      const days = (value: unknown): unknown => {
        const r = resolve(tree, backups.instance, value as string);
        return r.known ? r.value : undefined;
      };
      const [toIa, toGlacier] = blocks(rule, 'transition').map((t) => days(t.days) as number);
      const expires = days(block(rule, 'expiration')!.days) as number;
      expect(toIa).toBeGreaterThanOrEqual(30);
      expect(toGlacier).toBeGreaterThan(toIa!);
      expect(expires).toBeGreaterThan(toGlacier!);
    });

    it('logs access to the access-log bucket', () => {
      const logging = companion(backups, 'aws_s3_bucket_logging');
      expect(refersTo(backups.instance, logging?.target_bucket, 'aws_s3_bucket', 'access_logs')).toBe(true);
    });
  });
});
