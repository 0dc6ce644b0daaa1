/**
 * The typed topology the lab runs: what `loadTopology` (lab/topology/load-topology.ts) makes of the
 * k8s/ manifests. Every runtime (local processes, K3s) consumes this model, never raw YAML.
 *
 * Units: durations keep the manifest's unit in their name (`...Seconds`), so a value can be compared
 * with its YAML line at a glance; runtimes convert to milliseconds where they schedule work. Tests
 * that need a fast suite patch these numbers down on a copy (`patchTopology`), never the files.
 */

/** Where a model value came from, so an error or a report can point at the YAML. */
export interface SourceRef {
  /** Path relative to the repository root, e.g. `k8s/base/backend/deployment.yaml`. */
  file: string;
  /** `Kind/name`, e.g. `Deployment/backend`. */
  resource: string;
}

export interface Topology {
  /** The namespace every object lives in (`dhakacart`). */
  namespace: string;
  deployments: DeploymentSpec[];
  services: ServiceSpec[];
  ingress: IngressSpec;
  autoscalers: AutoscalerSpec[];
  disruptionBudgets: DisruptionBudgetSpec[];
  /** Every file read, relative to the repository root, in the order read. */
  files: string[];
}

export interface DeploymentSpec {
  name: string;
  source: SourceRef;
  replicas: number;
  /** spec.selector.matchLabels */
  selector: Record<string, string>;
  /** spec.template.metadata.labels */
  podLabels: Record<string, string>;
  strategy: RollingUpdateStrategy;
  /** spec.minReadySeconds (default 0). */
  minReadySeconds: number;
  /** spec.progressDeadlineSeconds (default 600). */
  progressDeadlineSeconds: number;
  /** spec.template.spec.terminationGracePeriodSeconds (default 30). */
  terminationGracePeriodSeconds: number;
  container: ContainerSpec;
  /** From the lab.dhakacart.dev/ pod-template annotations (k8s/README.md, "Lab annotations"). */
  local: LocalRunSpec;
  /**
   * A stable hash of the pod template (10 lowercase alphanumerics), as Kubernetes' pod-template-hash:
   * pods are named `<deployment>-<templateHash>-<5 random chars>` and a changed template (a rollout)
   * gives a new hash.
   */
  templateHash: string;
}

export interface RollingUpdateStrategy {
  type: 'RollingUpdate' | 'Recreate';
  /** Absolute pod counts, already resolved from percentages against `replicas` (surge rounds up, unavailable down). */
  maxSurge: number;
  maxUnavailable: number;
}

export interface ContainerSpec {
  name: string;
  image: string;
  ports: ContainerPort[];
  /**
   * The environment as Kubernetes builds it: envFrom (ConfigMaps, Secrets) overridden by env; secretKeyRef
   * and configMapKeyRef resolved from the manifests; optional keys that are absent are left out. Before the
   * lab's own changes (port-env, host-env, service-env), which the runtime applies per pod.
   */
  env: Record<string, string>;
  startupProbe?: ProbeSpec;
  readinessProbe?: ProbeSpec;
  livenessProbe?: ProbeSpec;
  preStop?: PreStopSpec;
  resources: ResourceSpec;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
}

export type ProbeHandler =
  /** `port` is resolved to the container port number (named ports looked up in `ports`). */
  { type: 'httpGet'; path: string; port: number } | { type: 'tcpSocket'; port: number };

export interface ProbeSpec {
  handler: ProbeHandler;
  /** Every field with Kubernetes' default when the manifest leaves it out (0, 10, 1, 1, 3). */
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  successThreshold: number;
  failureThreshold: number;
}

export type PreStopSpec =
  | { type: 'sleep'; seconds: number }
  /** `port` resolved to the container port number. */
  | { type: 'httpGet'; path: string; port: number };

export interface ResourceSpec {
  requests: { cpuMillicores?: number; memoryBytes?: number };
  limits: { cpuMillicores?: number; memoryBytes?: number };
}

export interface LocalRunSpec {
  /** lab.dhakacart.dev/local-command: argv, run from the repository root, no shell. */
  command: string[];
  /** lab.dhakacart.dev/port-env: the env var the lab sets to the pod's loopback port. */
  portEnv: string;
  /** lab.dhakacart.dev/host-env: the env var the lab sets to 127.0.0.1. */
  hostEnv: string;
  /** lab.dhakacart.dev/service-env: env vars whose `<service>:<port>` host the lab rewrites. */
  serviceEnv: string[];
}

export interface ServiceSpec {
  name: string;
  source: SourceRef;
  /** Undefined for a selector-less Service (its endpoints come from elsewhere). */
  selector?: Record<string, string>;
  ports: ServicePort[];
  /** lab.dhakacart.dev/provided-by: a selector-less Service the lab serves itself. */
  providedBy?: 'database-proxy';
}

export interface ServicePort {
  name?: string;
  port: number;
  /** Resolved to a container port number when the Service selects a Deployment; else as written. */
  targetPort: number;
}

export interface IngressSpec {
  name: string;
  source: SourceRef;
  /** Sorted as ingress-nginx matches them: longest Prefix path first. */
  routes: IngressRoute[];
  /** From the nginx.ingress.kubernetes.io/proxy-* annotations, with ingress-nginx's defaults. */
  upstream: IngressUpstreamPolicy;
}

export interface IngressRoute {
  path: string;
  pathType: 'Prefix' | 'Exact';
  service: string;
  /** The Service port number (named ports resolved against the Service). */
  servicePort: number;
}

export interface IngressUpstreamPolicy {
  /** proxy-next-upstream, e.g. ['error', 'timeout'] (ingress-nginx default `error timeout`). */
  nextUpstream: string[];
  /** proxy-next-upstream-tries (default 3), counting the first try. */
  tries: number;
  /** proxy-connect-timeout, proxy-send-timeout, proxy-read-timeout in seconds (defaults 5, 60, 60). */
  connectTimeoutSeconds: number;
  sendTimeoutSeconds: number;
  readTimeoutSeconds: number;
  /** proxy-body-size in bytes (default 1m). */
  bodyLimitBytes: number;
}

export interface AutoscalerSpec {
  name: string;
  source: SourceRef;
  /** The Deployment it scales. */
  target: string;
  minReplicas: number;
  maxReplicas: number;
  metrics: { resource: 'cpu' | 'memory'; averageUtilization: number }[];
  behavior: { scaleUp: ScalingRules; scaleDown: ScalingRules };
}

export interface ScalingRules {
  stabilizationWindowSeconds: number;
  selectPolicy: 'Max' | 'Min' | 'Disabled';
  policies: { type: 'Pods' | 'Percent'; value: number; periodSeconds: number }[];
}

export interface DisruptionBudgetSpec {
  name: string;
  source: SourceRef;
  selector: Record<string, string>;
  minAvailable?: number | string;
  maxUnavailable?: number | string;
}
