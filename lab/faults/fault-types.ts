import type { LabController } from '../control/lab-controller.js';
import type { FaultHandle } from '../scenario/scenario-types.js';

/**
 * What every fault factory receives and produces. A factory injects one kind of fault through the
 * running lab's LabController (so the same factory serves every profile), records a FaultEntry the
 * report's per-fault figures are computed from, and returns a FaultHandle whose revert is idempotent.
 */
export type FaultDetail = Record<string, string | number | boolean>;

export interface FaultEntry {
  /** e.g. pod-kill, db-failover, network-latency, network-reset-peer. */
  kind: string;
  /** What was hit: a pod, a database node, a link, a Deployment. */
  target: string;
  /** Epoch ms. */
  injectedAt: number;
  /** Epoch ms the fault was taken away (absent for faults that end by themselves, like a kill). */
  revertedAt?: number;
  detail: FaultDetail;
}

export interface FaultContext {
  readonly controller: LabController;
  /** The run's seeded choice (victims and survivors). */
  pick<T>(items: readonly T[]): T;
  /** Adds the fault to the run's record and returns the entry (factories fill in details later). */
  record(entry: FaultEntry, handle: FaultHandle): void;
}

export interface FaultFactory<Kind extends string = string, Options = never> {
  readonly kind: Kind;
  /** One line, for listings and the report. */
  readonly description: string;
  inject(context: FaultContext, options: Options): Promise<FaultHandle>;
}

/**
 * The handle for an entry: `revert()` runs `undo` once, however often it is called (a finally block and
 * the runner's clean-up may both call it), and stamps `revertedAt` when the undo begins. A fault that
 * ends by itself (a kill: the ReplicaSet replaces the pod) has no `undo`: reverting it does nothing and
 * stamps nothing, since nothing was taken away.
 */
export function faultHandle(entry: FaultEntry, undo?: () => Promise<void>): FaultHandle {
  let reverting: Promise<void> | undefined;
  return {
    get kind() {
      return entry.kind;
    },
    get target() {
      return entry.target;
    },
    get injectedAt() {
      return entry.injectedAt;
    },
    revert() {
      reverting ??= (async () => {
        if (!undo) return;
        entry.revertedAt ??= Date.now();
        await undo();
      })();
      return reverting;
    },
  };
}

/** Pods of a Deployment that are ready, in name order (so a seeded pick is repeatable). */
export function readyPods(controller: LabController, deployment: string): string[] {
  const status = controller.status().deployments.find((d) => d.name === deployment);
  if (!status) {
    const known = controller
      .status()
      .deployments.map((d) => d.name)
      .join(', ');
    throw Object.assign(new Error(`no Deployment named "${deployment}"; Deployments: ${known}`), {
      exitCode: 2,
    });
  }
  return status.pods
    .filter((p) => p.ready && p.phase === 'Running')
    .map((p) => p.name)
    .sort();
}
