import type { LabController } from '../control/lab-controller.js';

/**
 * What every profile's topology takes and gives (DESIGN.md, "Profiles"). `lab run` and `lab up` talk
 * only to this; lab/runtime/local and lab/runtime/k3s each implement `startTopology` over their own
 * parts, so nothing in lab/run or lab/cli imports a profile's insides.
 */
export type ProfileName = 'local' | 'k3s';
export const profileNames: readonly ProfileName[] = ['local', 'k3s'];

export interface ProgressStep {
  name: string;
  state: 'start' | 'done' | 'fail';
  detail?: string;
}

export interface TopologyEvent {
  type: string;
  at: number;
  [key: string]: unknown;
}

export interface TopologyOptions {
  repoRoot: string;
  /** The manifests folder, relative to repoRoot or absolute (default `k8s`). */
  manifestsDir?: string;
  /** The ingress's port on 127.0.0.1 (default 0: a free one). */
  ingressPort?: number;
  runId?: string;
  /** Per-process / per-container logs (default `<repoRoot>/reports/<runId>/logs`). */
  logsDir?: string;
  database?: {
    /** Commits wait for the standby (RPO 0); default true. */
    synchronous?: boolean;
    /** How long a dead primary goes unnoticed before the standby is promoted (default 2000 ms). */
    failoverDetectionMs?: number;
  };
  /** Extra env for every pod of a Deployment, after the manifests' own (e.g. a raised RATE_LIMIT_MAX). */
  env?: Record<string, Record<string, string>>;
  /** Drives random choices the topology makes (pod-name suffixes), for runs that must repeat. */
  random?: () => number;
  /** Register in the lab registry so `lab status|fault|down` find it (default true). */
  register?: boolean;
  /** Maximum time for everything to turn ready (the profile's own default when absent). */
  readyTimeoutMs?: number;
  /** local only: toxiproxy-server from PATH (real), the built-in one (embedded), or real when found (auto). */
  toxiproxy?: 'auto' | 'embedded' | 'real';
  /** k3s only: the node image to run (default: the lab's own Kubernetes node image, built when missing). */
  nodeImage?: string;
  onProgress?: (step: ProgressStep) => void;
  onEvent?: (event: TopologyEvent) => void;
}

/** The database pair as the run's data checks reach it (from this machine, through 127.0.0.1). */
export interface TopologyDatabase {
  readonly primary: { readonly name: string; readonly url: string };
  readonly standby?: { readonly name: string } | undefined;
  /** Resolves once the standby has replayed everything the primary wrote. */
  waitForStandbyCaughtUp(): Promise<void>;
}

export interface StartedTopology extends LabController {
  readonly runId: string;
  readonly logsDir: string;
  readonly urls: { storefront: string; api: string; control: string };
  readonly database: TopologyDatabase;
  [Symbol.asyncDispose](): Promise<void>;
}

export type StartTopology = (options: TopologyOptions) => Promise<StartedTopology>;
