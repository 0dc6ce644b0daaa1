import type { Pod } from './pod.js';

/**
 * Promises that settle when a condition over the controller's state holds, re-checked after every
 * change (no polling). A waiter with a `progressKey` restarts its timeout whenever the key changes, as
 * a Deployment's progress deadline restarts on every bit of rollout progress.
 */
export interface WaitSpec {
  /** True when done; throwing rejects the wait with that error. */
  done: () => boolean;
  timeoutMs: number;
  timeoutMessage: () => string;
  progressKey?: () => string;
}

interface Waiter {
  spec: WaitSpec;
  resolve: () => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout | undefined;
  key: string | undefined;
}

export class Waiters {
  readonly #waiters = new Set<Waiter>();

  wait(spec: WaitSpec): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { spec, resolve, reject, timer: undefined, key: spec.progressKey?.() };
      this.#waiters.add(waiter);
      this.#arm(waiter);
      this.#check(waiter);
    });
  }

  check(): void {
    for (const waiter of this.#waiters) this.#check(waiter);
  }

  rejectAll(error: Error): void {
    for (const waiter of this.#waiters) this.#settle(waiter, error);
  }

  #check(waiter: Waiter): void {
    let done: boolean;
    try {
      done = waiter.spec.done();
    } catch (error) {
      return this.#settle(waiter, error);
    }
    if (done) return this.#settle(waiter);
    const key = waiter.spec.progressKey?.();
    if (key !== waiter.key) {
      waiter.key = key;
      this.#arm(waiter);
    }
  }

  #arm(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    waiter.timer = setTimeout(
      () => this.#settle(waiter, new Error(waiter.spec.timeoutMessage())),
      waiter.spec.timeoutMs,
    );
  }

  #settle(waiter: Waiter, error?: unknown): void {
    if (!this.#waiters.delete(waiter)) return;
    clearTimeout(waiter.timer);
    if (error === undefined) waiter.resolve();
    else waiter.reject(error);
  }
}

/** One line per pod for an error message: phase, readiness, restarts, last exit and its log file. */
export function describePods(pods: readonly Pod[]): string {
  if (pods.length === 0) return 'no pods';
  return pods
    .map((pod) => {
      const { phase, ready, restarts, lastExit } = pod.status();
      const exit = lastExit ? `, last exit ${lastExit.code ?? lastExit.signal} (${lastExit.reason})` : '';
      return `${pod.name} ${phase}${ready ? ' ready' : ' not ready'}, ${restarts} restarts${exit}, log ${pod.logFile}`;
    })
    .join('; ');
}
