/**
 * restartPolicy: Always with the kubelet's CrashLoopBackOff, per container. The kubelet
 * (kuberuntime_manager.go `doBackOff` over client-go's flowcontrol.Backoff) restarts a container that
 * exits for the first time at once and records a back-off of 10 s; a container that exits again while
 * that entry is live waits the back-off, counted from its exit, and the back-off then doubles up to
 * 300 s. The entry expires when the container ran longer than 2 × 300 s = 10 min since its last
 * (re)start, so a crash after 10 minutes of running counts as a first crash again. The Kubernetes docs
 * say the same: "initial crash: an immediate restart; repeated crashes: exponential back-off (10s, 20s,
 * 40s, ...) capped at 300 s; reset after 10 minutes running".
 */
export interface RestartBackoffOptions {
  /** First back-off (kubelet: 10 s). */
  initialSeconds?: number;
  /** Cap of the doubling (kubelet: 300 s). */
  maxSeconds?: number;
  /** A container that ran longer than this since its last restart starts over (kubelet: 2 × max = 600 s). */
  resetAfterSeconds?: number;
}

export const defaultRestartBackoff: Required<RestartBackoffOptions> = {
  initialSeconds: 10,
  maxSeconds: 300,
  resetAfterSeconds: 600,
};

export class RestartBackoff {
  readonly #initialMs: number;
  readonly #maxMs: number;
  readonly #resetAfterMs: number;
  /** The live back-off entry: its delay, and when the container was last (re)started under it. */
  #entry: { delayMs: number; lastRestartAt: number } | undefined;

  constructor(options: RestartBackoffOptions = {}) {
    const { initialSeconds, maxSeconds, resetAfterSeconds } = { ...defaultRestartBackoff, ...options };
    for (const [name, value] of Object.entries({ initialSeconds, maxSeconds, resetAfterSeconds })) {
      if (!(value >= 0) || !Number.isFinite(value)) {
        throw new RangeError(`restart back-off ${name} must be a finite number ≥ 0, got ${value}`);
      }
    }
    this.#initialMs = initialSeconds * 1000;
    this.#maxMs = maxSeconds * 1000;
    this.#resetAfterMs = resetAfterSeconds * 1000;
  }

  /**
   * The container exited at `exitedAt` (epoch ms): how long to wait before restarting it (0 = now).
   * Call once per exit, in order.
   */
  delayAfterExit(exitedAt: number): number {
    const entry = this.#entry;
    if (entry === undefined || exitedAt - entry.lastRestartAt > this.#resetAfterMs) {
      this.#entry = { delayMs: Math.min(this.#initialMs, this.#maxMs), lastRestartAt: exitedAt };
      return 0;
    }
    const delay = entry.delayMs;
    this.#entry = { delayMs: Math.min(delay * 2, this.#maxMs), lastRestartAt: exitedAt + delay };
    return delay;
  }
}
