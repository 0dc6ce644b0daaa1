import type { IDeployment } from 'kubernetes-models/apps/v1';
import type { IContainer, IProbe } from 'kubernetes-models/v1';
import { objectName, type KubeObject } from './manifests.js';
import { containerName, containersOf, namespaceOf, selects, type ManifestSet } from './objects.js';

/**
 * The rules every workload in k8s/ follows, as functions from a set of manifests to the list of
 * violations (empty when the rule holds). The same functions run on the raw base files and on each
 * built overlay, so an overlay cannot quietly break what the base promises.
 */

type Deployment = IDeployment & KubeObject;

const PROBE_TIMINGS = [
  'initialDelaySeconds',
  'periodSeconds',
  'timeoutSeconds',
  'successThreshold',
  'failureThreshold',
] as const;

/** Which endpoint each probe must call (COMMON.md: readiness /readyz, liveness /healthz). */
const PROBE_PATHS = {
  startupProbe: '/healthz',
  readinessProbe: '/readyz',
  livenessProbe: '/healthz',
} as const;

function appContainers(set: ManifestSet): Array<[Deployment, IContainer]> {
  return set.deployments.flatMap((d) => containersOf(d).map((c): [Deployment, IContainer] => [d, c]));
}

export function probeProblems(set: ManifestSet): string[] {
  const problems: string[] = [];
  for (const [deployment, container] of appContainers(set)) {
    const who = containerName(deployment, container);
    for (const [probeName, path] of Object.entries(PROBE_PATHS) as Array<
      [keyof typeof PROBE_PATHS, string]
    >) {
      const probe: IProbe | undefined = container[probeName];
      if (!probe) {
        problems.push(
          `${who}: no ${probeName}; every container needs startup, readiness and liveness probes`,
        );
        continue;
      }
      if (probe.httpGet?.path !== path) {
        problems.push(
          `${who}: ${probeName} calls ${probe.httpGet?.path ?? '(no httpGet)'}; expected GET ${path}`,
        );
      }
      const missing = PROBE_TIMINGS.filter((field) => probe[field] === undefined);
      if (missing.length > 0) {
        problems.push(
          `${who}: ${probeName} leaves ${missing.join(', ')} to defaults; write every timing out`,
        );
      }
      if (
        probeName !== 'readinessProbe' &&
        probe.successThreshold !== undefined &&
        probe.successThreshold !== 1
      ) {
        problems.push(
          `${who}: ${probeName}.successThreshold is ${probe.successThreshold}; Kubernetes requires 1`,
        );
      }
    }
  }
  return problems;
}

export function resourceProblems(set: ManifestSet): string[] {
  const problems: string[] = [];
  for (const [deployment, container] of appContainers(set)) {
    for (const kind of ['requests', 'limits'] as const) {
      for (const resource of ['cpu', 'memory']) {
        if (container.resources?.[kind]?.[resource] === undefined) {
          problems.push(`${containerName(deployment, container)}: resources.${kind}.${resource} is not set`);
        }
      }
    }
  }
  return problems;
}

export function securityContextProblems(set: ManifestSet): string[] {
  const problems: string[] = [];
  for (const deployment of set.deployments) {
    const pod = deployment.spec?.template.spec;
    const podContext = pod?.securityContext;
    const who = objectName(deployment);
    if (pod?.automountServiceAccountToken !== false) {
      problems.push(
        `${who}: automountServiceAccountToken must be false (the apps never call the Kubernetes API)`,
      );
    }
    if (podContext?.runAsNonRoot !== true)
      problems.push(`${who}: pod securityContext.runAsNonRoot must be true`);
    if (!Number.isInteger(podContext?.runAsUser) || (podContext?.runAsUser ?? 0) <= 0) {
      problems.push(
        `${who}: pod securityContext.runAsUser must be a numeric non-root uid, got ${podContext?.runAsUser}`,
      );
    }
    if (podContext?.seccompProfile?.type !== 'RuntimeDefault') {
      problems.push(`${who}: pod securityContext.seccompProfile.type must be RuntimeDefault`);
    }
    for (const container of containersOf(deployment)) {
      const c = container.securityContext;
      const name = containerName(deployment, container);
      if (c?.readOnlyRootFilesystem !== true) problems.push(`${name}: readOnlyRootFilesystem must be true`);
      if (c?.allowPrivilegeEscalation !== false)
        problems.push(`${name}: allowPrivilegeEscalation must be false`);
      if (!c?.capabilities?.drop?.includes('ALL'))
        problems.push(`${name}: capabilities.drop must include ALL`);
      if ((c?.capabilities?.add ?? []).length > 0) problems.push(`${name}: capabilities.add must be empty`);
      if (c?.runAsNonRoot === false || (c?.runAsUser !== undefined && c.runAsUser <= 0)) {
        problems.push(`${name}: overrides the pod's non-root user`);
      }
      if (c?.seccompProfile && c.seccompProfile.type !== 'RuntimeDefault') {
        problems.push(`${name}: seccompProfile.type must be RuntimeDefault`);
      }
      const tmp = container.volumeMounts?.find((m) => m.mountPath === '/tmp');
      const volume = pod?.volumes?.find((v) => v.name === tmp?.name);
      if (!volume?.emptyDir) {
        problems.push(`${name}: needs an emptyDir mounted at /tmp (the root filesystem is read-only)`);
      }
    }
  }
  return problems;
}

export function disruptionBudgetProblems(set: ManifestSet): string[] {
  return set.deployments.flatMap((deployment) => {
    const labels = deployment.spec?.template.metadata?.labels;
    const covering = set.pdbs.filter(
      (pdb) =>
        namespaceOf(pdb) === namespaceOf(deployment) && selects(pdb.spec?.selector?.matchLabels, labels),
    );
    if (covering.length === 1) return [];
    return [
      `${objectName(deployment)}: ${covering.length} PodDisruptionBudgets select its pods; expected exactly one ` +
        `whose selector.matchLabels is a subset of ${JSON.stringify(labels)}`,
    ];
  });
}

export function autoscalerProblems(set: ManifestSet): string[] {
  const problems: string[] = [];
  for (const hpa of set.hpas) {
    const ref = hpa.spec?.scaleTargetRef;
    const target = set.deployments.find(
      (d) =>
        ref?.kind === 'Deployment' && d.metadata?.name === ref.name && namespaceOf(d) === namespaceOf(hpa),
    );
    if (!target || ref?.apiVersion !== 'apps/v1') {
      problems.push(
        `${objectName(hpa)}: scaleTargetRef ${JSON.stringify(ref)} names no apps/v1 Deployment in ${namespaceOf(hpa)}`,
      );
      continue;
    }
    const replicas = target.spec?.replicas ?? 1;
    const min = hpa.spec?.minReplicas ?? 1;
    const max = hpa.spec?.maxReplicas ?? 0;
    if (replicas < min || replicas > max) {
      problems.push(`${objectName(target)}: replicas ${replicas} is outside its HPA's range ${min}-${max}`);
    }
  }
  return problems;
}

/** The container port a Service's targetPort (a name or a number) points at, if any. */
function podServesPort(deployment: Deployment, targetPort: number | string | undefined): boolean {
  const ports = containersOf(deployment).flatMap((c) => c.ports ?? []);
  return ports.some((p) => p.name === targetPort || p.containerPort === targetPort);
}

export function serviceSelectorProblems(set: ManifestSet): string[] {
  const problems: string[] = [];
  for (const service of set.services) {
    const selector = service.spec?.selector;
    // Selector-less Services (postgres) are backed by endpoints someone else supplies, on purpose.
    if (!selector || Object.keys(selector).length === 0) continue;
    const backing = set.deployments.filter(
      (d) => namespaceOf(d) === namespaceOf(service) && selects(selector, d.spec?.template.metadata?.labels),
    );
    if (backing.length === 0) {
      problems.push(
        `${objectName(service)}: selector ${JSON.stringify(selector)} matches no Deployment's pod labels`,
      );
      continue;
    }
    for (const port of service.spec?.ports ?? []) {
      const target = port.targetPort ?? port.port;
      for (const deployment of backing.filter((d) => !podServesPort(d, target))) {
        problems.push(
          `${objectName(service)}: port ${port.name ?? port.port} targets ${target}, which ${objectName(deployment)} does not expose`,
        );
      }
    }
  }
  return problems;
}

export function networkPolicyProblems(set: ManifestSet): string[] {
  const problems: string[] = [];
  const namespaces = new Set(set.deployments.map(namespaceOf));
  for (const namespace of namespaces) {
    const denyAll = set.networkPolicies.find(
      (p) =>
        namespaceOf(p) === namespace &&
        Object.keys(p.spec?.podSelector?.matchLabels ?? {}).length === 0 &&
        !p.spec?.podSelector?.matchExpressions &&
        (['Ingress', 'Egress'] as const).every((t) => p.spec?.policyTypes?.includes(t)) &&
        !p.spec?.ingress?.length &&
        !p.spec?.egress?.length,
    );
    if (!denyAll) {
      problems.push(
        `namespace ${namespace}: no default-deny NetworkPolicy (podSelector {}, Ingress and Egress, no rules)`,
      );
    }
  }
  for (const deployment of set.deployments) {
    const labels = deployment.spec?.template.metadata?.labels;
    const own = set.networkPolicies.filter(
      (p) => namespaceOf(p) === namespaceOf(deployment) && selects(p.spec?.podSelector?.matchLabels, labels),
    );
    if (own.length === 0) {
      problems.push(
        `${objectName(deployment)}: no NetworkPolicy selects its pods by label, so nothing may reach them`,
      );
    }
  }
  return problems;
}

export function ingressBackendProblems(set: ManifestSet): string[] {
  const problems: string[] = [];
  for (const ingress of set.ingresses) {
    const backends = (ingress.spec?.rules ?? []).flatMap((rule) =>
      (rule.http?.paths ?? []).map((p) => ({ path: p.path, service: p.backend.service })),
    );
    if (ingress.spec?.defaultBackend?.service) {
      backends.push({ path: '(default)', service: ingress.spec.defaultBackend.service });
    }
    for (const { path, service: ref } of backends) {
      const service = set.services.find(
        (s) => s.metadata?.name === ref?.name && namespaceOf(s) === namespaceOf(ingress),
      );
      const port = service?.spec?.ports?.find((p) =>
        ref?.port?.name !== undefined ? p.name === ref.port.name : p.port === ref?.port?.number,
      );
      if (!service)
        problems.push(
          `${objectName(ingress)}: path ${path} sends to Service ${ref?.name}, which does not exist`,
        );
      else if (!port) {
        problems.push(
          `${objectName(ingress)}: path ${path} sends to ${objectName(service)} port ${JSON.stringify(ref?.port)}, which it does not have`,
        );
      }
    }
  }
  return problems;
}

export function rollingUpdateProblems(set: ManifestSet): string[] {
  return set.deployments.flatMap((deployment) => {
    const strategy = deployment.spec?.strategy;
    const ok =
      strategy?.type === 'RollingUpdate' &&
      strategy.rollingUpdate?.maxSurge === 1 &&
      strategy.rollingUpdate.maxUnavailable === 0;
    return ok
      ? []
      : [
          `${objectName(deployment)}: strategy is ${JSON.stringify(strategy)}; expected RollingUpdate maxSurge 1, maxUnavailable 0`,
        ];
  });
}

/** The value of a plain `env` entry (not valueFrom), or undefined. */
export function envValue(container: IContainer, name: string): string | undefined {
  return container.env?.find((e) => e.name === name)?.value;
}

export function shutdownProblems(set: ManifestSet): string[] {
  const problems: string[] = [];
  for (const deployment of set.deployments) {
    const grace = deployment.spec?.template.spec?.terminationGracePeriodSeconds;
    for (const container of deployment.spec?.template.spec?.containers ?? []) {
      const who = containerName(deployment, container);
      const sleep = container.lifecycle?.preStop?.sleep?.seconds;
      if (grace === undefined) {
        problems.push(`${objectName(deployment)}: terminationGracePeriodSeconds is not set`);
        continue;
      }
      if (sleep === undefined) {
        problems.push(
          `${who}: no lifecycle.preStop.sleep; the pod would stop serving before endpoints drop it`,
        );
        continue;
      }
      if (sleep >= grace)
        problems.push(`${who}: preStop sleeps ${sleep} s, not less than the ${grace} s grace period`);
      const delayMs = Number(envValue(container, 'SHUTDOWN_DELAY_MS'));
      const graceMs = Number(envValue(container, 'SHUTDOWN_GRACE_MS'));
      if (!Number.isFinite(delayMs) || !Number.isFinite(graceMs)) {
        problems.push(
          `${who}: SHUTDOWN_DELAY_MS and SHUTDOWN_GRACE_MS must be set in env beside the preStop`,
        );
      } else if (sleep + (delayMs + graceMs) / 1000 >= grace) {
        problems.push(
          `${who}: preStop ${sleep} s + SHUTDOWN_DELAY_MS ${delayMs} + SHUTDOWN_GRACE_MS ${graceMs} ` +
            `does not fit in terminationGracePeriodSeconds ${grace}; SIGKILL would cut the drain short`,
        );
      }
    }
  }
  return problems;
}

/** Images must name a tag (or digest) other than latest: a rollout must be repeatable. */
export function imageTagProblems(set: ManifestSet): string[] {
  return appContainers(set).flatMap(([deployment, container]) => {
    const image = container.image ?? '';
    const lastPart = image.slice(image.lastIndexOf('/') + 1);
    const tag = lastPart.includes('@') ? 'digest' : lastPart.split(':')[1];
    if (tag && tag !== 'latest') return [];
    return [
      `${containerName(deployment, container)}: image "${image}" has ${tag ? 'the latest tag' : 'no tag'}; pin a tag`,
    ];
  });
}

export function namespaceSecurityProblems(set: ManifestSet): string[] {
  const names = new Set(set.deployments.map(namespaceOf));
  return [...names].flatMap((name) => {
    const namespace = set.namespaces.find((n) => n.metadata?.name === name);
    if (!namespace) return [`namespace ${name}: not defined in the manifests`];
    const labels = namespace.metadata?.labels ?? {};
    return ['enforce', 'audit', 'warn']
      .filter((mode) => labels[`pod-security.kubernetes.io/${mode}`] !== 'restricted')
      .map((mode) => `${objectName(namespace)}: label pod-security.kubernetes.io/${mode} must be restricted`);
  });
}

export function serviceAccountProblems(set: ManifestSet): string[] {
  const problems: string[] = [];
  for (const deployment of set.deployments) {
    const name = deployment.spec?.template.spec?.serviceAccountName;
    const account = set.serviceAccounts.find(
      (a) => a.metadata?.name === name && namespaceOf(a) === namespaceOf(deployment),
    );
    if (!name || name === 'default' || !account) {
      problems.push(
        `${objectName(deployment)}: needs its own ServiceAccount defined here, not ${name ?? 'default'}`,
      );
    } else if (account.automountServiceAccountToken !== false) {
      problems.push(`${objectName(account)}: automountServiceAccountToken must be false`);
    }
    for (const binding of set.roleBindings) {
      if (binding.subjects?.some((s) => s.kind === 'ServiceAccount' && s.name === name)) {
        problems.push(`${objectName(binding)}: grants Kubernetes API access to ${name}, which needs none`);
      }
    }
  }
  return problems;
}

/** Replicas on different nodes (preferred anti-affinity) and spread over zones, selecting their own pods. */
export function spreadProblems(set: ManifestSet): string[] {
  const problems: string[] = [];
  for (const deployment of set.deployments) {
    const pod = deployment.spec?.template;
    const labels = pod?.metadata?.labels;
    const antiAffinity =
      pod?.spec?.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    const byHost = antiAffinity.some(
      (term) =>
        term.podAffinityTerm.topologyKey === 'kubernetes.io/hostname' &&
        selects(term.podAffinityTerm.labelSelector?.matchLabels, labels),
    );
    const byZone = (pod?.spec?.topologySpreadConstraints ?? []).some(
      (c) => c.topologyKey === 'topology.kubernetes.io/zone' && selects(c.labelSelector?.matchLabels, labels),
    );
    if (!byHost) {
      problems.push(
        `${objectName(deployment)}: no preferred pod anti-affinity on kubernetes.io/hostname for its own pods`,
      );
    }
    if (!byZone) {
      problems.push(
        `${objectName(deployment)}: no topologySpreadConstraint on topology.kubernetes.io/zone for its own pods`,
      );
    }
  }
  return problems;
}
