import type { ProbeSpec } from '../../../topology/model.js';
import type { ProbeKind } from './events.js';
import { runProbe, type ProbeTarget } from './probe-check.js';

/**
 * The kubelet's prober for one container (pkg/kubelet/prober/worker.go), one worker per probe:
 * - each worker probes at once and then every periodSeconds, skipping ticks until initialDelaySeconds
 *   have passed since the container started;
 * - while a startup probe has not succeeded, liveness and readiness are not probed; when it succeeds
 *   it stops, and the readiness worker is triggered at once instead of waiting for its next tick;
 * - a result only changes after successThreshold consecutive successes or failureThreshold consecutive
 *   failures; readiness starts as failure (not ready), liveness as success;
 * - a failed liveness or startup result means the container must be killed; that worker then holds
 *   until the container is replaced (a new ContainerProber).
 * Without a readiness probe the container is ready once started; without a startup probe it is started
 * at once.
 */
export interface ContainerProbes {
  startup?: ProbeSpec;
  readiness?: ProbeSpec;
  liveness?: ProbeSpec;
}

export interface ProberCallbacks {
  /** Every failed attempt (the kubelet's Unhealthy event). */
  onProbeFailed?(
    probe: ProbeKind,
    message: string,
    consecutiveFailures: number,
    failureThreshold: number,
  ): void;
  /** The readiness result changed. */
  onReadinessChanged?(ready: boolean): void;
  /** The startup or liveness result turned to failure: kill the container. */
  onKillRequired?(probe: 'startup' | 'liveness', message: string): void;
}

export interface ContainerProberOptions extends ContainerProbes, ProberCallbacks {
  target: ProbeTarget;
  /** When the container started (epoch ms on the events' clock), for initialDelaySeconds. */
  containerStartedAt: number;
  now: () => number;
}

class ProbeWorker {
  #lastSuccess: boolean | undefined;
  #run = 0;
  #timer: NodeJS.Timeout | undefined;
  #inFlight = false;
  #triggered = false;
  #stopped = false;
  onHold = false;

  constructor(
    readonly kind: ProbeKind,
    readonly spec: ProbeSpec,
    private readonly prober: ContainerProber,
    private readonly options: ContainerProberOptions,
  ) {}

  start(): void {
    void this.#tick();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  /** Probe now (the kubelet's manual trigger), without waiting for the next period. */
  trigger(): void {
    if (this.#stopped) return;
    if (this.#inFlight) {
      this.#triggered = true;
      return;
    }
    clearTimeout(this.#timer);
    void this.#tick();
  }

  async #tick(): Promise<void> {
    const tickAt = this.options.now();
    this.#inFlight = true;
    try {
      await this.#probeOnce();
    } finally {
      this.#inFlight = false;
    }
    if (this.#stopped) return;
    if (this.#triggered) {
      this.#triggered = false;
      return void this.#tick();
    }
    // A ticker: the next probe is a period after this one began (a slow probe delays, never overlaps).
    const wait = Math.max(0, tickAt + this.spec.periodSeconds * 1000 - this.options.now());
    this.#timer = setTimeout(() => void this.#tick(), wait);
    this.#timer.unref();
  }

  async #probeOnce(): Promise<void> {
    if (this.onHold) return;
    const sinceStart = this.options.now() - this.options.containerStartedAt;
    if (sinceStart < this.spec.initialDelaySeconds * 1000) return;
    if (this.kind === 'startup' ? this.prober.started : !this.prober.started) return;

    const outcome = await runProbe(this.spec.handler, this.options.target, this.spec.timeoutSeconds * 1000);
    if (this.#stopped) return;
    if (this.#lastSuccess === outcome.ok) this.#run += 1;
    else {
      this.#lastSuccess = outcome.ok;
      this.#run = 1;
    }
    if (!outcome.ok) {
      this.options.onProbeFailed?.(this.kind, outcome.message, this.#run, this.spec.failureThreshold);
      if (this.#run < this.spec.failureThreshold) return;
      this.prober.setResult(this, false, outcome.message);
      return;
    }
    if (this.#run < this.spec.successThreshold) return;
    this.prober.setResult(this, true, '');
  }
}

export class ContainerProber {
  readonly #options: ContainerProberOptions;
  readonly #workers: ProbeWorker[] = [];
  #started: boolean;
  #ready = false;
  #stopped = false;

  constructor(options: ContainerProberOptions) {
    this.#options = options;
    this.#started = options.startup === undefined;
    for (const kind of ['startup', 'readiness', 'liveness'] as const) {
      const spec = options[kind];
      if (spec) this.#workers.push(new ProbeWorker(kind, spec, this, options));
    }
  }

  /** Whether the startup probe has succeeded (or there is none). */
  get started(): boolean {
    return this.#started;
  }

  get ready(): boolean {
    return this.#ready;
  }

  start(): void {
    if (this.#started) this.#startedWithoutReadinessProbe();
    for (const worker of this.#workers) worker.start();
  }

  stop(): void {
    this.#stopped = true;
    for (const worker of this.#workers) worker.stop();
  }

  /** Called by a worker whose result reached its threshold. */
  setResult(worker: ProbeWorker, success: boolean, message: string): void {
    if (this.#stopped) return;
    if (worker.kind === 'readiness') return this.#setReady(success);
    if (success) {
      if (worker.kind === 'startup' && !this.#started) {
        this.#started = true;
        this.#startedWithoutReadinessProbe();
        this.#workers.find((w) => w.kind === 'readiness')?.trigger();
      }
      return;
    }
    worker.onHold = true;
    this.#options.onKillRequired?.(worker.kind, message);
  }

  #startedWithoutReadinessProbe(): void {
    if (this.#options.readiness === undefined) this.#setReady(true);
  }

  #setReady(ready: boolean): void {
    if (this.#ready === ready) return;
    this.#ready = ready;
    this.#options.onReadinessChanged?.(ready);
  }
}
