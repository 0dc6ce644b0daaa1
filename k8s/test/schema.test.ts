import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { K8S_DIR, loadManifestsUnder, yamlFilesUnder } from './support/manifests.js';
import { schemaProblems } from './support/schema.js';

describe('Kubernetes schemas (offline, kubernetes-models)', () => {
  it('accepts every Kubernetes object in the YAML files under k8s/', async () => {
    const manifests = loadManifestsUnder(K8S_DIR);
    // A guard against the loader silently finding nothing (a moved folder, a broken glob).
    expect(manifests.map((m) => m.object.kind)).toEqual(
      expect.arrayContaining([
        'Deployment',
        'Service',
        'Ingress',
        'HorizontalPodAutoscaler',
        'NetworkPolicy',
      ]),
    );
    expect(await schemaProblems(manifests)).toEqual([]);
  });

  describe('a broken manifest', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dhakacart-k8s-schema-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('is rejected with its file, kind/name and the misspelled or mistyped field', async () => {
      const file = path.join(dir, 'broken.yaml');
      writeFileSync(
        file,
        [
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata: { name: shop }',
          'spec:',
          '  replicas: three',
          '  selector: { matchLabels: { app: shop } }',
          '  template:',
          '    metadata: { labels: { app: shop } }',
          '    spec:',
          '      containers:',
          '        - name: shop',
          '          image: shop:1.0.0',
          '          resourcse: { limits: { cpu: "1" } }',
          '---',
          'apiVersion: cert-manager.io/v1',
          'kind: ClusterIssuer',
          'metadata: { name: le }',
          'spec: { acme: { server: https://acme.example/dir, privateKeySecretRef: { name: k }, solvers: [], emial: x } }',
          '---',
          'apiVersion: v1',
          'kind: Servcie',
          'metadata: { name: typo }',
        ].join('\n'),
      );
      const [yamlFile] = yamlFilesUnder(dir);
      const problems = await schemaProblems(loadManifestsUnder(dir));

      expect(problems).toEqual([
        `${yamlFile}#1: Deployment/shop: spec.replicas: must be integer`,
        expect.stringMatching(
          new RegExp(
            `^${yamlFile}#1: Deployment/shop: spec\\.template\\.spec\\.containers\\[0\\]\\.resourcse: ` +
              `unknown field "resourcse"; .* accepts .*\\bresources\\b`,
          ),
        ),
        expect.stringMatching(
          new RegExp(`^${yamlFile}#2: ClusterIssuer/le: spec\\.acme\\.emial: unknown field "emial"`),
        ),
        expect.stringMatching(
          new RegExp(`^${yamlFile}#3: Servcie/typo: no offline schema for apiVersion "v1" kind "Servcie"`),
        ),
      ]);
    });
  });
});
