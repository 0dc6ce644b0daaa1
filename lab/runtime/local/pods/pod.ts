import type { PodPhase, PodStatus } from '../../../control/lab-controller.js';
import type { DeploymentSpec } from '../../../topology/model.js';
import type { ServiceEndpoints } from '../service-endpoints.js';
import { ContainerKill } from './container-termination.js';
import { eventClock, safeEmit, type EventBody, type PodEvent } from './events.js';
import {
  podLogFile,
  signalGroup,
  startPodProcess,
  type ContainerExit,
  type PodProcess,
} from './pod-process.js';
import { ContainerProber } from './probes.js';
import { RestartBackoff, type RestartBackoffOptions } from './restart-backoff.js';

/**
 * One pod of the local profile: a name that outlives its container processes, the kubelet's work on
 * its one container (probes, restart with back-off, kill with preStop and grace period), and the
 * EndpointSlice controller's work on every Service that selects it (ready → endpoint; unready, dead
 * or terminating → no endpoint).
 */
export interface PodOptions {
  name: string;
  /** The pod template this pod was made from (its `templateHash` is the pod's). */
  spec: DeploymentSpec;
  /** The loopback port the container listens on (set in `spec.local.portEnv`). */
  port: number;
  repoRoot: string;
  runId: string;
  logsDir: string;
  /** Extra env after the container's own (e.g. the service-env rewrites). */
  env?: Record<string, string>;
  /** The ready endpoints of every Service that selects this pod. */
  endpoints?: readonly ServiceEndpoints[];
  restartBackoff?: RestartBackoffOptions;
  /** The kubelet's minimum wait after SIGTERM (2 s). */
  minimumGracePeriodSeconds?: number;
  inheritEnv?: readonly string[];
  onEvent?: (event: PodEvent) => void;
}

/** A pod's container frozen by `pause()`: the process it froze, and when it resumes by itself. */
interface Pause {
  proc: PodProcess;
  since: number;
  until?: number;
  timer?: NodeJS.Timeout;
}

export interface DeleteOptions {
  /** Overrides terminationGracePeriodSeconds; 0 = force: no preStop, SIGKILL at once. */
  gracePeriodSeconds?: number;
}

type PodEventBody = EventBody<PodEvent, 'at' | 'deployment' | 'pod'>;

export class Pod {
  readonly name: string;
  readonly port: number;
  readonly spec: DeploymentSpec;
  readonly createdAt = eventClock();
  readonly #options: PodOptions;
  readonly #backoff: RestartBackoff;
  #phase: PodPhase = 'Pending';
  #process: PodProcess | undefined;
  #prober: ContainerProber | undefined;
  #exitHandled: Promise<void> = Promise.resolve();
  #kill: ContainerKill | undefined;
  #killReason: string | undefined;
  #starting: Promise<void> | undefined;
  #restartTimer: NodeJS.Timeout | undefined;
  #containerStarts = 0;
  #ready = false;
  #readySince: number | undefined;
  #lastExit: PodStatus['lastExit'];
  #terminationGrace = Infinity;
  #deletion: Promise<void> | undefined;
  #pause: Pause | undefined;

  constructor(options: PodOptions) {
    this.#options = options;
    this.name = options.name;
    this.port = options.port;
    this.spec = options.spec;
    this.#backoff = new RestartBackoff(options.restartBackoff);
  }

  get deployment(): string {
    return this.spec.name;
  }
  get templateHash(): string {
    return this.spec.templateHash;
  }
  get phase(): PodPhase {
    return this.#phase;
  }
  get ready(): boolean {
    return this.#ready;
  }
  /** When the pod last turned ready (epoch ms), for minReadySeconds. */
  get readySince(): number | undefined {
    return this.#readySince;
  }
  get restarts(): number {
    return Math.max(0, this.#containerStarts - 1);
  }
  get pid(): number | undefined {
    return this.#process?.pid;
  }
  get terminating(): boolean {
    return this.#deletion !== undefined;
  }
  get logFile(): string {
    return podLogFile(this.#options.logsDir, this.name);
  }

  status(): PodStatus {
    const startedAt = this.#process?.startedAt;
    return {
      name: this.name,
      deployment: this.deployment,
      phase: this.#phase,
      ready: this.#ready,
      restarts: this.restarts,
      port: this.port,
      ...(this.pid !== undefined && { pid: this.pid }),
      ...(startedAt !== undefined && { startedAt: new Date(startedAt).toISOString() }),
      ...(this.#lastExit && { lastExit: { ...this.#lastExit } }),
      ...(this.#pause && {
        paused: {
          since: new Date(this.#pause.since).toISOString(),
          ...(this.#pause.until !== undefined && { until: new Date(this.#pause.until).toISOString() }),
        },
      }),
    };
  }

  /** Whether the container's processes are frozen by `pause()`. */
  get paused(): boolean {
    return this.#pause !== undefined;
  }

  /**
   * Freezes the container's whole process group (SIGSTOP), as a stuck event loop or a long GC pause
   * would: its sockets stay open and accept connections, but nothing answers, so only probe timeouts
   * notice — readiness turns the pod unready, and a failing liveness probe has the container killed
   * (SIGTERM waits, unread, for the grace period; SIGKILL ends it) and restarted, as the kubelet does.
   * With `forMs` it resumes by itself after that long, if the process it froze is still there.
   */
  pause(options: { forMs?: number } = {}): { pid: number } {
    const proc = this.#process;
    if (this.#deletion) throw new Error(`pod ${this.name} is terminating; it cannot be paused`);
    if (this.#pause) {
      throw new Error(
        `pod ${this.name} is already paused (since ${new Date(this.#pause.since).toISOString()}); resume it first`,
      );
    }
    if (!proc?.running() || proc.pid === undefined || !proc.signal('SIGSTOP')) {
      throw new Error(`pod ${this.name} has no running container to pause (phase ${this.#phase})`);
    }
    const since = eventClock();
    const pause: Pause = { proc, since };
    if (options.forMs !== undefined) {
      pause.until = since + options.forMs;
      pause.timer = setTimeout(() => this.resume(), options.forMs);
    }
    this.#pause = pause;
    this.#emit({ type: 'paused', pid: proc.pid, ...(pause.until !== undefined && { until: pause.until }) });
    return { pid: proc.pid };
  }

  /**
   * Ends a pause (SIGCONT to the group it froze). Returns whether a frozen process was resumed: false
   * when the pod was not paused, or the process it froze is gone (killed and restarted meanwhile).
   */
  resume(): boolean {
    const pause = this.#pause;
    if (!pause) return false;
    this.#endPause(pause);
    const resumed = pause.proc === this.#process && pause.proc.running() && pause.proc.signal('SIGCONT');
    this.#emit({ type: 'resumed', pid: pause.proc.pid!, resumed });
    return resumed;
  }

  /** Starts the first container. Rejects only when the container could not be set up at all. */
  async start(): Promise<void> {
    if (this.#containerStarts > 0 || this.#starting) throw new Error(`pod ${this.name} was already started`);
    this.#emit({ type: 'pod-created', templateHash: this.templateHash, port: this.port });
    await this.#startContainer(true);
  }

  /** Kills the container with SIGKILL now, as a crash: the pod restarts it with back-off. */
  async kill(): Promise<void> {
    await this.#starting;
    const proc = this.#process;
    if (!proc?.running()) return;
    if (proc.signal('SIGKILL')) this.#emit({ type: 'signal-sent', signal: 'SIGKILL' });
    await this.#exitHandled;
  }

  /** Deletes the pod (resolves once its container is gone); a second call may shorten the grace period. */
  delete(options: DeleteOptions = {}): Promise<void> {
    const grace = options.gracePeriodSeconds ?? this.spec.terminationGracePeriodSeconds;
    this.#terminationGrace = Math.min(this.#terminationGrace, grace);
    if (this.#deletion) {
      this.#kill?.shorten(grace);
      return this.#deletion;
    }
    this.#deletion = this.#terminate();
    return this.#deletion;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.delete();
  }

  async #terminate(): Promise<void> {
    this.#phase = 'Terminating';
    this.#emit({ type: 'terminating', gracePeriodSeconds: this.#terminationGrace });
    clearTimeout(this.#restartTimer);
    // Endpoints first: new connections stop reaching the pod before preStop and SIGTERM.
    this.#setUnready('terminating');
    await this.#starting;
    this.#prober?.stop();
    const proc = this.#process;
    if (proc?.running()) {
      if (this.#kill) this.#kill.shorten(this.#terminationGrace);
      else this.#killContainer(proc, 'Terminating', this.#terminationGrace);
      await this.#kill?.done;
    }
    await this.#exitHandled;
    this.#phase = this.#lastExit?.code === 0 ? 'Succeeded' : 'Failed';
    this.#emit({ type: 'deleted', phase: this.#phase });
  }

  #startContainer(first = false): Promise<void> {
    this.#restartTimer = undefined;
    const starting = this.#spawn(first).finally(() => {
      if (this.#starting === starting) this.#starting = undefined;
    });
    this.#starting = starting;
    return starting;
  }

  async #spawn(first: boolean): Promise<void> {
    if (this.#deletion) return;
    const { spec } = this;
    let proc: PodProcess;
    try {
      proc = await startPodProcess({ ...this.#options, pod: this.name, restarts: this.restarts });
    } catch (error) {
      if (first) throw error;
      const message = error instanceof Error ? error.message : String(error);
      this.#containerExited({ code: null, signal: null, at: eventClock(), error: message }, eventClock());
      return;
    }
    this.#containerStarts += 1;
    this.#process = proc;
    if (!this.#deletion) this.#phase = 'Running';
    this.#emit({ type: 'container-started', pid: proc.pid, restarts: this.restarts });
    const prober = new ContainerProber({
      startup: spec.container.startupProbe,
      readiness: spec.container.readinessProbe,
      liveness: spec.container.livenessProbe,
      target: { host: '127.0.0.1', port: this.port },
      containerStartedAt: proc.startedAt,
      now: eventClock,
      onProbeFailed: (probe, message, consecutiveFailures, failureThreshold) =>
        this.#emit({ type: 'probe-failed', probe, message, consecutiveFailures, failureThreshold }),
      onReadinessChanged: (ready) => (ready ? this.#setReady() : this.#setUnready(`readiness probe failed`)),
      onKillRequired: (probe, message) =>
        this.#killContainer(
          proc,
          probe === 'liveness' ? 'LivenessProbeFailed' : 'StartupProbeFailed',
          undefined,
          message,
        ),
    });
    this.#prober = prober;
    this.#exitHandled = proc.exited.then((exit) => {
      prober.stop();
      // The frozen process is gone (a SIGKILL ends a stopped process too): nothing is left to resume.
      if (this.#pause?.proc === proc) this.#endPause(this.#pause);
      // Whatever the container's main process left in its group goes with it, as with a cgroup.
      signalGroup(proc.pid, 'SIGKILL');
      if (this.#process === proc) this.#process = undefined;
      this.#containerExited(exit, proc.startedAt);
    });
    if (!this.#deletion) prober.start();
  }

  #endPause(pause: Pause): void {
    clearTimeout(pause.timer);
    if (this.#pause === pause) this.#pause = undefined;
  }

  #containerExited(exit: ContainerExit, startedAt: number): void {
    this.#setUnready('container exited');
    const reason = exit.error
      ? `StartError: ${exit.error}`
      : (this.#killReason ?? (exit.code === 0 ? 'Completed' : 'Error'));
    this.#killReason = undefined;
    this.#lastExit = { code: exit.code, signal: exit.signal, at: new Date(exit.at).toISOString(), reason };
    this.#emit({
      type: 'container-exited',
      code: exit.code,
      signal: exit.signal,
      reason,
      ranMs: exit.at - startedAt,
    });
    if (this.#deletion) return;
    const delayMs = this.#backoff.delayAfterExit(exit.at);
    this.#emit({ type: 'restart-scheduled', delayMs, restarts: this.#containerStarts });
    if (delayMs === 0) {
      void this.#startContainer();
      return;
    }
    this.#phase = 'CrashLoopBackOff';
    this.#restartTimer = setTimeout(() => void this.#startContainer(), delayMs);
  }

  #killContainer(proc: PodProcess, reason: string, gracePeriodSeconds?: number, detail?: string): void {
    if (this.#kill || !proc.running()) return;
    const grace = gracePeriodSeconds ?? this.spec.terminationGracePeriodSeconds;
    this.#killReason = reason;
    this.#emit({
      type: 'killing',
      reason: detail ? `${reason}: ${detail}` : reason,
      gracePeriodSeconds: grace,
    });
    const kill = new ContainerKill(proc, {
      gracePeriodSeconds: grace,
      preStop: this.spec.container.preStop,
      target: { host: '127.0.0.1', port: this.port },
      minimumGracePeriodSeconds: this.#options.minimumGracePeriodSeconds,
      now: eventClock,
      onStep: (step) => this.#emit(step as PodEventBody),
    });
    this.#kill = kill;
    void kill.done.then(() => {
      if (this.#kill === kill) this.#kill = undefined;
    });
  }

  #setReady(): void {
    if (this.#ready || this.#deletion || !this.#process) return;
    this.#ready = true;
    this.#readySince = eventClock();
    this.#emit({ type: 'ready' });
    for (const endpoints of this.#options.endpoints ?? []) {
      endpoints.add({ pod: this.name, host: '127.0.0.1', port: this.port });
      this.#emit({ type: 'endpoint-added', service: endpoints.service, port: this.port });
    }
  }

  #setUnready(reason: string): void {
    if (!this.#ready) return;
    this.#ready = false;
    this.#readySince = undefined;
    this.#emit({ type: 'unready', reason });
    for (const endpoints of this.#options.endpoints ?? []) {
      endpoints.remove(this.name);
      this.#emit({ type: 'endpoint-removed', service: endpoints.service, reason });
    }
  }

  #emit(body: PodEventBody): void {
    safeEmit(this.#options.onEvent, {
      ...body,
      at: eventClock(),
      deployment: this.deployment,
      pod: this.name,
    } as PodEvent);
  }
}
