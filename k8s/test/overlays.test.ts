import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { KUSTOMIZATIONS, buildManifests, kustomize, kustomizeBuild } from './support/kustomize.js';
import {
  K8S_DIR,
  REPO_ROOT,
  objectName,
  parseManifests,
  type KubeObject,
  type Manifest,
} from './support/manifests.js';
import { ManifestSet } from './support/objects.js';
import { schemaProblems } from './support/schema.js';

if (kustomize.skipReason) console.warn(kustomize.skipReason);

const byName = (manifests: Manifest[]): Map<string, KubeObject> =>
  new Map(manifests.map((m) => [objectName(m.object), m.object]));

/** The files a kustomization lists under `resources:` that are files (not other kustomizations). */
function listedFiles(dir: string): Manifest[] {
  const kustomization = parse(readFileSync(path.join(REPO_ROOT, dir, 'kustomization.yaml'), 'utf8')) as {
    resources: string[];
  };
  return kustomization.resources
    .filter((r) => /\.ya?ml$/.test(r))
    .flatMap((r) => parseManifests(readFileSync(path.join(REPO_ROOT, dir, r), 'utf8'), `${dir}/${r}`));
}

/** An object without the fields the lab overlay is allowed to change (image, pull policy, checkov notes). */
function measuredPart(object: KubeObject): unknown {
  const copy = structuredClone(object) as KubeObject & {
    spec?: { template?: { spec?: { containers?: object[] } } };
  };
  for (const container of copy.spec?.template?.spec?.containers ?? []) {
    delete (container as { image?: string }).image;
    delete (container as { imagePullPolicy?: string }).imagePullPolicy;
  }
  for (const key of Object.keys(copy.metadata?.annotations ?? {})) {
    if (key.startsWith('checkov.io/')) delete copy.metadata?.annotations?.[key];
  }
  return copy;
}

describe.skipIf(!!kustomize.skipReason)('kustomize builds', () => {
  const built = new Map<string, Manifest[]>();
  beforeAll(() => {
    for (const dir of KUSTOMIZATIONS) built.set(dir, buildManifests(dir));
  });
  const output = (dir: (typeof KUSTOMIZATIONS)[number]): Manifest[] => built.get(dir) ?? [];

  it.each(KUSTOMIZATIONS)('builds %s into objects that match their schemas', async (dir) => {
    expect(output(dir).length).toBeGreaterThan(10);
    expect(await schemaProblems(output(dir))).toEqual([]);
  });

  describe('k8s/base', () => {
    it('builds to exactly its files, so the lab can read the files without kustomize', () => {
      const files = byName(listedFiles('k8s/base'));
      const build = byName(output('k8s/base'));
      expect([...build.keys()].sort()).toEqual([...files.keys()].sort());
      for (const [name, object] of build) expect(object, name).toEqual(files.get(name));
    });

    it('does not apply the Secret template', () => {
      expect(output('k8s/base').filter((m) => m.object.kind === 'Secret')).toEqual([]);
    });
  });

  describe('k8s/overlays/aws', () => {
    const values = (): Record<string, string> =>
      Object.fromEntries(
        readFileSync(path.join(K8S_DIR, 'overlays/aws/terraform-outputs.env'), 'utf8')
          .split('\n')
          .filter((line) => /^[A-Z_]+=/.test(line))
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      );

    it('fills every placeholder from terraform-outputs.env and leaves the values file out of the output', () => {
      const text = kustomizeBuild('k8s/overlays/aws');
      expect(text).not.toMatch(/REPLACED_BY_/);
      expect(output('k8s/overlays/aws').map((m) => objectName(m.object))).not.toContain(
        'ConfigMap/terraform-outputs',
      );
      for (const [key, value] of Object.entries(values())) {
        expect(text, `${key}=${value} should reach the built objects`).toContain(value);
      }
    });

    it('reaches the database through the postgres Service, an ExternalName for the RDS endpoint', () => {
      const postgres = byName(output('k8s/overlays/aws')).get('Service/postgres') as KubeObject & {
        spec: { type: string; externalName: string };
      };
      expect(postgres.spec).toMatchObject({ type: 'ExternalName', externalName: values().DATABASE_HOST });
    });

    it('serves the public host over TLS from the letsencrypt-production ClusterIssuer', () => {
      const ingress = new ManifestSet('aws', output('k8s/overlays/aws')).ingresses[0];
      expect(ingress?.metadata?.annotations?.['cert-manager.io/cluster-issuer']).toBe(
        'letsencrypt-production',
      );
      expect(ingress?.spec?.rules?.[0]?.host).toBe(values().PUBLIC_HOST);
      expect(ingress?.spec?.tls).toEqual([{ hosts: [values().PUBLIC_HOST], secretName: 'dhakacart-tls' }]);
    });

    it('takes both images from ECR at a pinned tag', () => {
      const images = new ManifestSet('aws', output('k8s/overlays/aws')).deployments.flatMap(
        (d) => d.spec?.template.spec?.containers.map((c) => c.image) ?? [],
      );
      expect(images).toHaveLength(2);
      for (const image of images) {
        expect(image).toMatch(
          /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/dhakacart\/(backend|frontend):(?!latest$)[\w.-]+$/,
        );
      }
    });

    it('makes backend-secrets from Secrets Manager, with every key the backend requires, and commits no Secret', () => {
      const objects = output('k8s/overlays/aws').map((m) => m.object);
      expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
      const external = objects.find((o) => o.kind === 'ExternalSecret') as KubeObject & {
        spec: { target: { name: string; template: { data: Record<string, string> } } };
      };
      const backend = new ManifestSet('aws', output('k8s/overlays/aws')).deployments.find(
        (d) => d.metadata?.name === 'backend',
      );
      const required = (backend?.spec?.template.spec?.containers[0]?.env ?? [])
        .map((e) => e.valueFrom?.secretKeyRef)
        .filter((ref) => ref && !ref.optional)
        .map((ref) => `${ref?.name}/${ref?.key}`);
      expect(required.sort()).toEqual(['backend-secrets/DATABASE_URL', 'backend-secrets/JWT_SECRET']);
      expect(Object.keys(external.spec.target.template.data).sort()).toEqual(['DATABASE_URL', 'JWT_SECRET']);
      expect(external.spec.target.name).toBe('backend-secrets');
    });

    it('gives the backend ServiceAccount its IRSA role', () => {
      const account = byName(output('k8s/overlays/aws')).get('ServiceAccount/backend');
      expect(account?.metadata?.annotations?.['eks.amazonaws.com/role-arn']).toBe(
        values().BACKEND_IRSA_ROLE_ARN,
      );
    });

    it('includes the monitoring objects of k8s/monitoring', () => {
      const kinds = output('k8s/overlays/aws').map((m) => m.object.kind);
      expect(kinds).toEqual(expect.arrayContaining(['ServiceMonitor', 'PrometheusRule']));
    });
  });

  describe('k8s/overlays/lab', () => {
    it('keeps everything the lab measures exactly as in the base (replicas, probes, preStop, rollout, HPA, PDB, policies)', () => {
      const base = byName(output('k8s/base'));
      const lab = byName(output('k8s/overlays/lab'));
      const measuredKinds = [
        'Deployment',
        'HorizontalPodAutoscaler',
        'PodDisruptionBudget',
        'Service',
        'NetworkPolicy',
        'ConfigMap',
      ];
      for (const [name, object] of base) {
        if (!measuredKinds.includes(object.kind)) continue;
        expect(measuredPart(lab.get(name) ?? ({} as KubeObject)), name).toEqual(measuredPart(object));
      }
    });

    it('keeps the Ingress routes and retry annotations but turns TLS and the host off', () => {
      const base = new ManifestSet('base', output('k8s/base')).ingresses[0];
      const lab = new ManifestSet('lab', output('k8s/overlays/lab')).ingresses[0];
      expect(lab?.spec?.tls).toBeUndefined();
      expect(lab?.spec?.rules?.[0]?.host).toBeUndefined();
      expect(lab?.spec?.rules?.[0]?.http).toEqual(base?.spec?.rules?.[0]?.http);
      const retries = (annotations: Record<string, string> = {}) =>
        Object.entries(annotations).filter(([key]) =>
          /proxy-(next-upstream|connect|read|send|body)/.test(key),
        );
      expect(retries(lab?.metadata?.annotations)).toEqual(retries(base?.metadata?.annotations));
      expect(lab?.metadata?.annotations?.['cert-manager.io/cluster-issuer']).toBeUndefined();
      expect(output('k8s/overlays/lab').filter((m) => m.object.kind === 'ClusterIssuer')).toEqual([]);
    });

    it('provides backend-secrets with throwaway values for every key the backend reads', () => {
      const secret = byName(output('k8s/overlays/lab')).get('Secret/backend-secrets') as KubeObject & {
        stringData: Record<string, string>;
      };
      expect(Object.keys(secret.stringData).sort()).toEqual([
        'ADMIN_PASSWORD',
        'ADMIN_USERNAME',
        'DATABASE_URL',
        'JWT_SECRET',
      ]);
      expect(secret.stringData.JWT_SECRET?.length).toBeGreaterThanOrEqual(32);
      expect(new URL(secret.stringData.DATABASE_URL ?? '').host).toBe('postgres:5432');
    });
  });
});
