import getPort from 'get-port';
import type { DeploymentStatus } from '../../../control/lab-controller.js';
import type { DeploymentSpec } from '../../../topology/model.js';
import type { ServiceEndpoints } from '../service-endpoints.js';
import { eventClock, safeEmit, type DeploymentEvent, type EventBody, type LocalPodsEvent } from './events.js';
import { Pod, type DeleteOptions } from './pod.js';
import { newPodName, templateFingerprint, templateHashOf } from './pod-names.js';
import type { RestartBackoffOptions } from './restart-backoff.js';
import { podsToDelete, recreateStep, rollingUpdateStep, type ReplicaSetCounts } from './rolling-update.js';
import { describePods, Waiters } from './waiters.js';

/**
 * A Deployment and its ReplicaSets for the local profile: keeps `replicas` pods of the current pod
 * template (a ReplicaSet per template hash), replaces a deleted pod with a new one under a new name,
 * and moves from one template to the next with RollingUpdate (maxSurge, maxUnavailable, readiness and
 * minReadySeconds) or Recreate, as the Kubernetes controllers do. Every change (a scale, a rollout, a
 * pod turning ready, unready or gone) triggers one sync; syncs never overlap.
 */
export interface DeploymentControllerOptions {
  spec: DeploymentSpec;
  repoRoot: string;
  runId: string;
  logsDir: string;
  /** The ready endpoints of every Service that selects this Deployment's pods. */
  endpoints?: readonly ServiceEndpoints[];
  /** Extra env for every pod after the container's own (e.g. the service-env rewrites). */
  env?: Record<string, string>;
  /** Drives the pod-name suffixes (default Math.random); pass a seeded generator for repeatable names. */
  random?: () => number;
  restartBackoff?: RestartBackoffOptions;
  minimumGracePeriodSeconds?: number;
  inheritEnv?: readonly string[];
  onEvent?: (event: LocalPodsEvent) => void;
  /** A free loopback port for a new pod (default get-port on 127.0.0.1, avoiding the pods' ports). */
  allocatePort?: (inUse: readonly number[]) => Promise<number>;
}

/** A change to the pod template; env values of null remove the variable. */
export interface TemplateChange {
  env?: Record<string, string | null>;
}

interface ReplicaSet {
  hash: string;
  spec: DeploymentSpec;
  replicas: number;
  /** Pods that count for the ReplicaSet: not terminating. */
  pods: Set<Pod>;
}

export async function startDeployment(options: DeploymentControllerOptions): Promise<DeploymentController> {
  const controller = new DeploymentController(options);
  await controller.sync();
  return controller;
}

export class DeploymentController {
  readonly name: string;
  readonly #options: DeploymentControllerOptions;
  readonly #replicaSets = new Map<string, ReplicaSet>();
  readonly #fingerprints = new Map<string, string>();
  readonly #terminating = new Set<Pod>();
  readonly #waiters = new Waiters();
  #current: ReplicaSet;
  #desired: number;
  #syncing: Promise<void> | undefined;
  #dirty = false;
  #rolloutTo: string | undefined;
  #lastProgress = '';
  #stopping: Promise<void> | undefined;
  #availabilityTimer: NodeJS.Timeout | undefined;

  constructor(options: DeploymentControllerOptions) {
    this.#options = options;
    this.name = options.spec.name;
    this.#desired = options.spec.replicas;
    this.#fingerprints.set(templateFingerprint(options.spec), options.spec.templateHash);
    this.#current = this.#replicaSet(options.spec);
  }

  /** The current pod template. */
  get spec(): DeploymentSpec {
    return this.#current.spec;
  }

  /** The desired replica count (spec.replicas). */
  replicas(): number {
    return this.#desired;
  }

  /** Every pod, terminating ones included. */
  pods(): Pod[] {
    return [...[...this.#replicaSets.values()].flatMap((rs) => [...rs.pods]), ...this.#terminating];
  }

  /** The ready pods' processes (what the autoscaler measures). */
  podProcesses(): { pod: string; pid: number }[] {
    return this.#activePods().flatMap((p) =>
      p.ready && p.pid !== undefined ? [{ pod: p.name, pid: p.pid }] : [],
    );
  }

  status(): DeploymentStatus {
    return {
      name: this.name,
      desiredReplicas: this.#desired,
      readyReplicas: this.#activePods().filter((p) => p.ready).length,
      pods: this.pods().map((p) => p.status()),
    };
  }

  /** Sets spec.replicas; resolves after the sync that creates or deletes the pods. */
  scale(replicas: number): Promise<void> {
    if (!Number.isInteger(replicas) || replicas < 0) {
      throw new RangeError(`deployment ${this.name}: replicas must be an integer ≥ 0, got ${replicas}`);
    }
    if (replicas !== this.#desired) {
      this.#emit({ type: 'scaled', from: this.#desired, to: replicas });
      this.#desired = replicas;
    }
    return this.sync();
  }

  /** Deletes one pod (gracefully unless told otherwise); its ReplicaSet creates a replacement at once. */
  async deletePod(name: string, options: DeleteOptions = {}): Promise<void> {
    const pod = this.pods().find((p) => p.name === name);
    if (!pod) {
      const names = this.pods().map((p) => p.name);
      throw new Error(
        `deployment ${this.name} has no pod named ${name}; its pods are: ${names.join(', ') || '(none)'}`,
      );
    }
    const deleted = this.#deletePod(pod, options);
    void this.sync();
    await deleted;
  }

  /**
   * Changes the pod template and rolls it out; resolves when every pod runs the new template and is
   * available, rejects when the rollout makes no progress for progressDeadlineSeconds.
   */
  async rollout(change: TemplateChange): Promise<{ from: string; to: string }> {
    if (this.#stopping) throw new Error(`deployment ${this.name} is stopped; it cannot roll out`);
    const from = this.#current.hash;
    const env = { ...this.#current.spec.container.env };
    for (const [name, value] of Object.entries(change.env ?? {})) {
      if (value === null) delete env[name];
      else env[name] = value;
    }
    const spec = { ...this.#current.spec, container: { ...this.#current.spec.container, env } };
    this.#current = this.#replicaSet(spec);
    const to = this.#current.hash;
    if (to === from) return { from, to };
    this.#rolloutTo = to;
    this.#lastProgress = '';
    await this.sync();
    await this.#waiters.wait({
      done: () => {
        if (this.#current.hash !== to)
          throw new Error(`rollout to ${to} was superseded by ${this.#current.hash}`);
        return this.#rolledOut(true);
      },
      timeoutMs: this.spec.progressDeadlineSeconds * 1000,
      timeoutMessage: () =>
        `deployment ${this.name}: rollout to ${to} made no progress for ${this.spec.progressDeadlineSeconds} s (ProgressDeadlineExceeded); ${describePods(this.pods())}`,
      progressKey: () => this.#lastProgress,
    });
    return { from, to };
  }

  /** Resolves once every pod of the current template is ready and no older pod is left. */
  waitForReady(options: { timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 60_000;
    if (this.#stopping) return Promise.reject(new Error(`deployment ${this.name} was stopped`));
    return this.#waiters.wait({
      done: () => this.#rolledOut(false),
      timeoutMs,
      timeoutMessage: () =>
        `deployment ${this.name}: ${this.status().readyReplicas} of ${this.#desired} pods ready after ${timeoutMs / 1000} s; ${describePods(this.pods())}`,
    });
  }

  /** Runs a sync now (after the one in progress); resolves once no change is pending. */
  sync(): Promise<void> {
    this.#dirty = true;
    this.#syncing ??= this.#syncLoop();
    return this.#syncing;
  }

  async #syncLoop(): Promise<void> {
    // Yield first, so `#syncing` is set before any sync work emits events that call sync() again.
    await Promise.resolve();
    while (this.#dirty && !this.#stopping) {
      this.#dirty = false;
      try {
        await this.#syncOnce();
      } catch (error) {
        this.#emit({ type: 'sync-failed', message: error instanceof Error ? error.message : String(error) });
      }
    }
    this.#syncing = undefined;
    this.#waiters.check();
  }

  /**
   * Deletes every pod in parallel, gracefully unless `gracePeriodSeconds` shortens it (0 = SIGKILL);
   * idempotent, and a later call may shorten the grace period of a stop in progress.
   */
  stop(options: DeleteOptions = {}): Promise<void> {
    if (this.#stopping) {
      if (options.gracePeriodSeconds !== undefined) for (const pod of this.pods()) void pod.delete(options);
      return this.#stopping;
    }
    this.#stopping = this.#stopAll(options);
    return this.#stopping;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  async #stopAll(options: DeleteOptions): Promise<void> {
    clearTimeout(this.#availabilityTimer);
    this.#waiters.rejectAll(new Error(`deployment ${this.name} was stopped`));
    await this.#syncing;
    const results = await Promise.allSettled(this.pods().map((pod) => this.#deletePod(pod, options)));
    const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (errors.length > 0)
      throw new AggregateError(errors, `deployment ${this.name}: some pods failed to stop`);
  }

  async #syncOnce(): Promise<void> {
    if (this.#stopping) return;
    const newRS = this.#current;
    const olds = [...this.#replicaSets.values()].filter((rs) => rs !== newRS);
    const step =
      this.spec.strategy.type === 'Recreate'
        ? recreateStep({
            desired: this.#desired,
            newRS: this.#counts(newRS),
            oldRSs: olds.map((rs) => this.#counts(rs)),
            oldPodsLeft:
              olds.some((rs) => rs.pods.size > 0) ||
              [...this.#terminating].some((p) => p.templateHash !== newRS.hash),
          })
        : rollingUpdateStep({
            desired: this.#desired,
            strategy: this.spec.strategy,
            newRS: this.#counts(newRS),
            oldRSs: olds.map((rs) => this.#counts(rs)),
          });
    newRS.replicas = step.newReplicas;
    olds.forEach((rs, i) => (rs.replicas = step.oldReplicas[i]!));

    // The ReplicaSet controller: each ReplicaSet's pods to its replicas.
    const creations: Promise<void>[] = [];
    for (const rs of this.#replicaSets.values()) {
      const missing = rs.replicas - rs.pods.size;
      for (const { pod } of podsToDelete([...rs.pods].map(rankOf), -missing)) {
        this.#deletePod(pod).catch((error: unknown) =>
          this.#emit({ type: 'sync-failed', message: `deleting pod ${pod.name}: ${String(error)}` }),
        );
      }
      for (let i = 0; i < missing; i++) creations.push(this.#createPod(rs));
    }
    const failures = (await Promise.allSettled(creations)).flatMap((r) =>
      r.status === 'rejected' ? [r] : [],
    );
    this.#reportProgress();
    this.#recheckAvailability();
    if (failures.length > 0) throw (failures[0] as PromiseRejectedResult).reason;
  }

  async #createPod(rs: ReplicaSet): Promise<void> {
    const inUse = this.pods().map((p) => p.port);
    const port = await (this.#options.allocatePort ?? defaultAllocatePort)(inUse);
    if (this.#stopping) return;
    const taken = new Set(this.pods().map((p) => p.name));
    const pod: Pod = new Pod({
      ...this.#options,
      name: newPodName(this.name, rs.hash, this.#options.random ?? Math.random, taken),
      spec: rs.spec,
      port,
      onEvent: (event) => {
        safeEmit(this.#options.onEvent, event);
        this.#onPodEvent(event.type);
      },
    });
    rs.pods.add(pod);
    try {
      await pod.start();
    } catch (error) {
      rs.pods.delete(pod);
      throw error;
    }
  }

  #onPodEvent(type: LocalPodsEvent['type']): void {
    if (type === 'ready' || type === 'unready') void this.sync();
    else this.#waiters.check();
  }

  /**
   * A ready pod becomes available minReadySeconds later, with no event of its own: sync then, as the
   * Deployment controller requeues itself (a little after, so the pod counts as available).
   */
  #recheckAvailability(): void {
    clearTimeout(this.#availabilityTimer);
    const minReadyMs = this.spec.minReadySeconds * 1000;
    const waits = this.#activePods()
      .filter((p) => p.ready && !this.#available(p))
      .map((p) => p.readySince! + minReadyMs - eventClock());
    if (waits.length === 0 || this.#stopping) return;
    this.#availabilityTimer = setTimeout(() => void this.sync(), Math.max(0, Math.min(...waits)) + 5);
  }

  #deletePod(pod: Pod, options: DeleteOptions = {}): Promise<void> {
    for (const rs of this.#replicaSets.values()) rs.pods.delete(pod);
    this.#terminating.add(pod);
    return pod.delete(options).finally(() => {
      this.#terminating.delete(pod);
      // Recreate waits for old pods to be gone, and waiters look at the pod list.
      void this.sync();
    });
  }

  #replicaSet(spec: DeploymentSpec): ReplicaSet {
    const fingerprint = templateFingerprint(spec);
    let hash = this.#fingerprints.get(fingerprint);
    if (hash === undefined) {
      hash = templateHashOf(fingerprint);
      this.#fingerprints.set(fingerprint, hash);
    }
    const existing = this.#replicaSets.get(hash);
    if (existing) return existing;
    const rs: ReplicaSet = { hash, spec: { ...spec, templateHash: hash }, replicas: 0, pods: new Set() };
    this.#replicaSets.set(hash, rs);
    return rs;
  }

  #activePods(): Pod[] {
    return [...this.#replicaSets.values()].flatMap((rs) => [...rs.pods]);
  }

  #available(pod: Pod): boolean {
    const since = pod.readySince;
    return pod.ready && since !== undefined && eventClock() - since >= this.spec.minReadySeconds * 1000;
  }

  #counts(rs: ReplicaSet): ReplicaSetCounts {
    return { replicas: rs.replicas, available: [...rs.pods].filter((p) => this.#available(p)).length };
  }

  /** Every pod of the current template ready (or available) and no pod of an older one left. */
  #rolledOut(requireAvailable: boolean): boolean {
    const current = [...this.#current.pods];
    const ok = (p: Pod) => (requireAvailable ? this.#available(p) : p.ready);
    const others = this.#activePods().length - current.length;
    return current.length === this.#desired && current.every(ok) && others === 0;
  }

  #reportProgress(): void {
    if (this.#rolloutTo === undefined) return;
    const current = [...this.#current.pods];
    const progress = {
      templateHash: this.#current.hash,
      desiredReplicas: this.#desired,
      updatedReplicas: current.length,
      updatedReadyReplicas: current.filter((p) => p.ready).length,
      oldReplicas: this.#activePods().length - current.length,
      complete: this.#rolledOut(true),
    };
    const key = JSON.stringify(progress);
    if (key === this.#lastProgress) return;
    this.#lastProgress = key;
    this.#emit({ type: 'rollout-progress', ...progress });
    if (progress.complete) this.#rolloutTo = undefined;
  }

  #emit(body: EventBody<DeploymentEvent, 'at' | 'deployment'>): void {
    safeEmit(this.#options.onEvent, { ...body, at: eventClock(), deployment: this.name } as DeploymentEvent);
  }
}

function rankOf(pod: Pod) {
  return {
    pod,
    running: pod.phase === 'Running',
    ready: pod.ready,
    readySince: pod.readySince,
    restarts: pod.restarts,
    createdAt: pod.createdAt,
  };
}

function defaultAllocatePort(inUse: readonly number[]): Promise<number> {
  return getPort({ host: '127.0.0.1', exclude: inUse });
}
