import { setTimeout as sleep } from 'node:timers/promises';
import type { PreStopSpec } from '../../../topology/model.js';
import type { ProbeTarget } from './probe-check.js';
import type { ContainerExit, PodProcess } from './pod-process.js';

/**
 * How the kubelet kills a container (kuberuntime_container.go `killContainer`): run the preStop hook
 * (bounded by the grace period), send SIGTERM, wait what is left of the grace period (never less than
 * the kubelet's 2 s minimum), then SIGKILL. The grace period counts from the start of the kill, so a
 * preStop sleep uses part of it. A grace period of 0 is a force kill: no preStop, SIGKILL at once.
 * A later, shorter grace period (a second delete, a teardown) cuts the wait short, as in Kubernetes.
 */
export interface KillStep {
  type: 'prestop-started' | 'prestop-finished' | 'signal-sent';
  hook?: 'sleep' | 'httpGet';
  error?: string;
  signal?: 'SIGTERM' | 'SIGKILL';
}

export interface KillOptions {
  gracePeriodSeconds: number;
  preStop?: PreStopSpec;
  /** Where an httpGet preStop goes (the pod's loopback port). */
  target: ProbeTarget;
  /** The kubelet's minimumGracePeriodInSeconds (2). */
  minimumGracePeriodSeconds?: number;
  now: () => number;
  onStep?: (step: KillStep) => void;
}

/** A moment that can be brought forward; `reached` resolves at the current one. */
class Deadline {
  #timer: NodeJS.Timeout | undefined;
  #resolve!: () => void;
  readonly reached = new Promise<void>((resolve) => (this.#resolve = resolve));

  constructor(
    public at: number,
    private readonly now: () => number,
  ) {
    this.#arm();
  }

  bringForward(at: number): void {
    if (at >= this.at) return;
    this.at = at;
    this.#arm();
  }

  cancel(): void {
    clearTimeout(this.#timer);
  }

  #arm(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(this.#resolve, Math.max(0, this.at - this.now()));
  }
}

export class ContainerKill {
  readonly done: Promise<ContainerExit>;
  #deadline: Deadline | undefined;
  #forced = false;
  readonly #process: PodProcess;
  readonly #options: KillOptions;

  constructor(process: PodProcess, options: KillOptions) {
    this.#process = process;
    this.#options = options;
    this.done = this.#run();
  }

  /** Applies a shorter grace period, counted from now (0: SIGKILL now). */
  shorten(gracePeriodSeconds: number): void {
    if (gracePeriodSeconds <= 0) return this.#forceKill();
    this.#deadline?.bringForward(this.#options.now() + gracePeriodSeconds * 1000);
  }

  async #run(): Promise<ContainerExit> {
    const { gracePeriodSeconds, preStop, now } = this.#options;
    const proc = this.#process;
    if (gracePeriodSeconds <= 0) {
      this.#forceKill();
      return proc.exited;
    }
    const graceEnd = new Deadline(now() + gracePeriodSeconds * 1000, now);
    this.#deadline = graceEnd;
    if (preStop && proc.running()) {
      this.#step({ type: 'prestop-started', hook: preStop.type });
      // Stops the hook when the container exits or the grace period ends before it does.
      const interrupt = new AbortController();
      const hook = runPreStop(preStop, this.#options.target, interrupt.signal).then(
        () => this.#step({ type: 'prestop-finished' }),
        (error: unknown) => {
          if (interrupt.signal.aborted) return;
          this.#step({
            type: 'prestop-finished',
            error: error instanceof Error ? error.message : String(error),
          });
        },
      );
      await Promise.race([hook, proc.exited, graceEnd.reached]);
      interrupt.abort();
    }
    graceEnd.cancel();
    if (this.#forced || !proc.running()) return proc.exited;
    const minimumMs = (this.#options.minimumGracePeriodSeconds ?? 2) * 1000;
    const killAt = new Deadline(Math.max(graceEnd.at, now() + minimumMs), now);
    this.#deadline = killAt;
    if (proc.signal('SIGTERM')) this.#step({ type: 'signal-sent', signal: 'SIGTERM' });
    await Promise.race([proc.exited, killAt.reached]);
    killAt.cancel();
    if (proc.running()) this.#forceKill();
    return proc.exited;
  }

  #forceKill(): void {
    if (this.#forced) return;
    this.#forced = true;
    this.#deadline?.cancel();
    if (this.#process.signal('SIGKILL')) this.#step({ type: 'signal-sent', signal: 'SIGKILL' });
  }

  #step(step: KillStep): void {
    this.#options.onStep?.(step);
  }
}

async function runPreStop(preStop: PreStopSpec, target: ProbeTarget, signal: AbortSignal): Promise<void> {
  if (preStop.type === 'sleep') {
    // The kubelet's sleep action is a timer in the kubelet, not a process in the container.
    await sleep(preStop.seconds * 1000, undefined, { signal });
    return;
  }
  const response = await fetch(`http://${target.host}:${target.port}${preStop.path}`, { signal });
  await response.arrayBuffer();
  // The kubelet logs a failed hook (FailedPreStopHook) and goes on with SIGTERM either way.
  if (response.status < 200 || response.status >= 400) {
    throw new Error(`preStop httpGet ${preStop.path} answered ${response.status}`);
  }
}
