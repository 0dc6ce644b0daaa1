import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildManifests, kustomize } from './support/kustomize.js';
import { labAnnotationProblems } from './support/lab-annotations.js';
import { K8S_DIR, loadManifestsUnder, type Manifest } from './support/manifests.js';
import { ManifestSet } from './support/objects.js';
import {
  autoscalerProblems,
  disruptionBudgetProblems,
  imageTagProblems,
  ingressBackendProblems,
  namespaceSecurityProblems,
  networkPolicyProblems,
  probeProblems,
  resourceProblems,
  rollingUpdateProblems,
  securityContextProblems,
  serviceAccountProblems,
  serviceSelectorProblems,
  shutdownProblems,
  spreadProblems,
} from './support/policies.js';

// The same rules hold for the base files as written and for what each overlay builds, so an overlay
// cannot quietly undo a promise of the base.
const SETS: Array<{ name: string; needsKustomize: boolean; load: () => Manifest[] }> = [
  {
    name: 'k8s/base (the files)',
    needsKustomize: false,
    load: () => loadManifestsUnder(path.join(K8S_DIR, 'base')),
  },
  {
    name: 'kustomize build k8s/overlays/aws',
    needsKustomize: true,
    load: () => buildManifests('k8s/overlays/aws'),
  },
  {
    name: 'kustomize build k8s/overlays/lab',
    needsKustomize: true,
    load: () => buildManifests('k8s/overlays/lab'),
  },
];

if (kustomize.skipReason) console.warn(kustomize.skipReason);

describe.each(SETS)('$name', ({ name, needsKustomize, load }) => {
  let set: ManifestSet;
  beforeAll(() => {
    if (!(needsKustomize && kustomize.skipReason)) set = new ManifestSet(name, load());
  });

  describe.skipIf(needsKustomize && !!kustomize.skipReason)('policies', () => {
    it('has the two app Deployments the rules below apply to', () => {
      expect(set.deployments.map((d) => d.metadata?.name).sort()).toEqual(['backend', 'frontend']);
    });

    it('gives every container startup, readiness (/readyz) and liveness (/healthz) probes with every timing explicit', () => {
      expect(probeProblems(set)).toEqual([]);
    });

    it('gives every container cpu and memory requests and limits', () => {
      expect(resourceProblems(set)).toEqual([]);
    });

    it('runs every pod non-root with a read-only root, no privilege escalation, no capabilities, RuntimeDefault seccomp', () => {
      expect(securityContextProblems(set)).toEqual([]);
    });

    it('enforces the restricted pod security standard on the namespace', () => {
      expect(namespaceSecurityProblems(set)).toEqual([]);
    });

    it('gives each app its own ServiceAccount without an API token and without any RBAC grant', () => {
      expect(serviceAccountProblems(set)).toEqual([]);
    });

    it('has exactly one PodDisruptionBudget per Deployment, selecting its pods', () => {
      expect(disruptionBudgetProblems(set)).toEqual([]);
    });

    it('points every HPA at an existing Deployment whose replicas lie within its range', () => {
      expect(autoscalerProblems(set)).toEqual([]);
    });

    it("selects a Deployment's pods with every Service selector and targets a port they expose", () => {
      expect(serviceSelectorProblems(set)).toEqual([]);
    });

    it('denies all traffic by default and covers every Deployment with its own NetworkPolicy', () => {
      expect(networkPolicyProblems(set)).toEqual([]);
    });

    it('routes every Ingress path to an existing Service and port', () => {
      expect(ingressBackendProblems(set)).toEqual([]);
    });

    it('prefers a different node for each replica and spreads replicas over zones', () => {
      expect(spreadProblems(set)).toEqual([]);
    });

    it('rolls out one extra pod at a time and never takes a ready pod away (maxSurge 1, maxUnavailable 0)', () => {
      expect(rollingUpdateProblems(set)).toEqual([]);
    });

    it('fits preStop sleep plus the app drain (SHUTDOWN_DELAY_MS + SHUTDOWN_GRACE_MS) inside the grace period', () => {
      expect(shutdownProblems(set)).toEqual([]);
    });

    it('carries well-formed lab.dhakacart.dev annotations on every Deployment and lab-provided Service', () => {
      expect(labAnnotationProblems(set)).toEqual([]);
    });

    it('pins every image to a tag other than latest', () => {
      expect(imageTagProblems(set)).toEqual([]);
    });
  });
});
