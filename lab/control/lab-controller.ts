/**
 * What a running lab offers to the CLI and the control API (`lab status`, `lab fault ...`, `lab down`),
 * whatever the profile. The local profile implements it over its processes (lab/runtime/local); the
 * control server (lab/control/control-server.ts) exposes it over HTTP on 127.0.0.1.
 */
export interface LabController {
  status(): LabStatus;
  /** Kills one pod the way a node failure does (SIGKILL, no preStop); its controller replaces it. */
  killPod(target: PodTarget): Promise<{ pod: string }>;
  /**
   * Kills every pod of a Deployment but one at once (SIGKILL, no preStop, as killPod does): a zone or
   * node-pool outage taking most replicas. `keep` names the survivor; by default the first ready pod.
   * Resolves once the killed pods' processes are gone; the ReplicaSet replaces them.
   */
  killAllButOne(deployment: string, options?: { keep?: string }): Promise<KillAllButOneResult>;
  /**
   * Freezes one pod's processes (SIGSTOP to its process group): it stops answering but keeps its
   * sockets, so only probe timeouts notice (it turns unready; liveness may restart it). It resumes on
   * `resumePod`, or by itself after `forMs` if the same process is still there.
   */
  pausePod(target: PodTarget, options?: { forMs?: number }): Promise<{ pod: string }>;
  /** SIGCONT to a paused pod; `resumed` is false when the frozen process is gone (restarted, or the pod deleted). */
  resumePod(pod: string): Promise<{ pod: string; resumed: boolean }>;
  /**
   * Rolls a new pod template out through the Deployment's own strategy (RollingUpdate: maxSurge,
   * maxUnavailable, readiness, minReadySeconds) and resolves when it is complete. The change sets
   * APP_VERSION to `version` (default: a new value) and any `env` given.
   */
  rollout(deployment: string, change?: RolloutChange): Promise<RolloutResult>;
  /** Kills the database primary, waits the detection delay, promotes the standby and re-points the proxy. */
  failoverDatabase(): Promise<FailoverResult>;
  /** Wipes the database node that is not primary (after a failover: the old primary) and re-makes it a streaming standby. */
  recloneStandby(): Promise<{ standby: string }>;
  /** Adds latency on a named link through the Toxiproxy API; replaces latency already there. */
  addLatency(fault: LatencyFault): Promise<void>;
  /**
   * Adds any Toxiproxy toxic on a named link (reset_peer, timeout, bandwidth, ...); replaces a toxic of
   * the same type and stream. Returns the toxic's name as Toxiproxy lists it.
   */
  addNetworkFault(fault: NetworkFault): Promise<{ name: string }>;
  /** Removes every toxic on the link, or on all links when none is named. */
  clearFaults(link?: LinkName): Promise<void>;
  /** Tears the whole lab down; idempotent. */
  stop(): Promise<void>;
}

/**
 * Network links whose traffic passes Toxiproxy: the ingress to the backend pods (a proxy per pod),
 * and the backend pods to the database (the database proxy).
 */
export type LinkName = 'ingress-backend' | 'backend-database';
export const linkNames: readonly LinkName[] = ['ingress-backend', 'backend-database'];

export interface KillAllButOneResult {
  killed: string[];
  survivor: string;
}

export interface RolloutChange {
  /** The new APP_VERSION (default: a new value). */
  version?: string;
  /** Other env of the pod template to set. */
  env?: Record<string, string>;
}

export interface RolloutResult {
  /** The pod-template hash (ReplicaSet suffix) before and after, e.g. `6d4cf56db6`. */
  from: string;
  to: string;
  /** The APP_VERSION rolled out. */
  version: string;
}

export type PodTarget = { pod: string } | { deployment: string };

export interface LatencyFault {
  link: LinkName;
  latencyMs: number;
  jitterMs: number;
}

/** A Toxiproxy toxic on a link, as its HTTP API takes it (attributes in the toxic's own units). */
export interface NetworkFault {
  link: LinkName;
  /** A Toxiproxy toxic type: latency, bandwidth, timeout, reset_peer, slow_close, slicer, limit_data. */
  type: string;
  attributes: Record<string, number>;
  /** `downstream` (default: data flowing back to the client) or `upstream`. */
  stream?: 'upstream' | 'downstream';
  /** Probability (0..1) that a connection gets the toxic; default 1. */
  toxicity?: number;
}

export interface FailoverResult {
  /** The node that was primary and was killed, and the one promoted. */
  oldPrimary: string;
  newPrimary: string;
  killedAt: string;
  promotedAt: string;
  /** When the proxy pointed at the new primary (ISO time). */
  repointedAt: string;
}

export interface LabStatus {
  runId: string;
  profile: 'local' | 'k3s';
  /** ISO time the lab was up (every pod ready, storefront answering through the ingress). */
  readyAt?: string;
  urls: { storefront: string; api: string; control: string };
  deployments: DeploymentStatus[];
  database: DatabaseStatus;
  /** Toxics in place, per link. */
  faults: { link: LinkName; toxics: { name: string; type: string; attributes: Record<string, number> }[] }[];
  /** Which implementation serves each piece, e.g. toxiproxy: "toxiproxy-server 2.12.0" or "embedded". */
  implementations: Record<string, string>;
}

export interface DeploymentStatus {
  name: string;
  desiredReplicas: number;
  readyReplicas: number;
  pods: PodStatus[];
}

export type PodPhase = 'Pending' | 'Running' | 'Terminating' | 'CrashLoopBackOff' | 'Succeeded' | 'Failed';

export interface PodStatus {
  name: string;
  deployment: string;
  phase: PodPhase;
  ready: boolean;
  restarts: number;
  /** The loopback port the pod listens on. */
  port: number;
  /** The process id while a process runs. */
  pid?: number;
  startedAt?: string;
  lastExit?: { code: number | null; signal: string | null; at: string; reason: string };
  /** Set while the pod's processes are frozen (`pausePod`): since when, and until when if timed (ISO). */
  paused?: { since: string; until?: string };
}

export interface DatabaseStatus {
  primary: DatabaseNodeStatus;
  standby?: DatabaseNodeStatus;
  synchronous: boolean;
  /** The proxy pods connect through, and where it points now. */
  proxy: { listen: string; upstream: string };
}

export interface DatabaseNodeStatus {
  name: string;
  port: number;
  role: 'primary' | 'standby' | 'down';
  /** Bytes of WAL the standby has yet to replay (standby only, when known). */
  replayLagBytes?: number;
}
