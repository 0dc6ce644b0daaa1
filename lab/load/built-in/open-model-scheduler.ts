import { RatePlan, type RateCommand } from '../rate-plan.js';

export interface SchedulerOptions {
  /** Epoch ms of the first arrival. */
  startAt: number;
  rps: number;
  maxDurationMs: number;
  maxArrivals: number;
  maxConcurrency: number;
  lateToleranceMs: number;
  now(): number;
  /** Starts arrival `index`; the promise settles when its journey ends. Must not reject. */
  start(index: number, scheduledAt: number): Promise<void>;
  /** Arrival `index` could not start on schedule (too late, or maxConcurrency journeys in flight). */
  drop(index: number, scheduledAt: number, droppedAt: number): void;
}

export type StopReason = 'stopped' | 'maxDuration' | 'maxArrivals';

/** While nothing is due, the loop sleeps at most this long, so rate changes take effect promptly. */
const maxSleepMs = 10;
/** At rate 0 the schedule advances in steps of this much, without arrivals. */
const idleStepMs = 5;

/**
 * An open-model arrival schedule: arrival n+1 is due 1/rate after arrival n, whatever happened to
 * the earlier ones (they are never waited for). An arrival that cannot start on schedule is dropped,
 * not delayed: either maxConcurrency journeys are still in flight, or this loop itself is running
 * more than `lateToleranceMs` behind (a busy event loop must not hide as smaller latencies). Bounded
 * by maxDurationMs and maxArrivals; `finished` resolves once it stopped and every journey ended.
 */
export class OpenModelScheduler {
  readonly finished: Promise<{ reason: StopReason; arrivals: number }>;
  private readonly plan: RatePlan;
  private readonly endAt: number;
  private next: number;
  private arrivals = 0;
  private inFlight = 0;
  private stopReason: StopReason | undefined;
  private timer: NodeJS.Timeout | undefined;
  private resolveFinished!: (value: { reason: StopReason; arrivals: number }) => void;

  constructor(private readonly options: SchedulerOptions) {
    this.plan = new RatePlan(options.rps, options.startAt);
    this.endAt = options.startAt + options.maxDurationMs;
    this.next = options.startAt;
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
    this.schedule(Math.max(0, options.startAt - options.now()));
  }

  apply(command: RateCommand): void {
    this.plan.apply(command);
    // After a very low rate the next arrival may be far off: the new rate takes effect now, not then.
    const rate = this.plan.rate(command.at);
    if (rate > 0 && this.next > command.at + 1000 / rate) this.next = command.at + 1000 / rate;
  }

  /** No new arrivals; `finished` resolves when in-flight journeys end. Idempotent. */
  stop(reason: StopReason = 'stopped'): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.settleIfIdle();
  }

  get stopping(): boolean {
    return this.stopReason !== undefined;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => this.tick(), delayMs);
  }

  private tick(): void {
    this.timer = undefined;
    if (this.stopReason) return;
    const { options } = this;
    const now = options.now();
    while (this.next <= now) {
      if (this.next >= this.endAt) return this.stop('maxDuration');
      if (this.arrivals >= options.maxArrivals) return this.stop('maxArrivals');
      const rate = this.plan.rate(this.next);
      if (!(rate > 0)) {
        this.next += idleStepMs;
        continue;
      }
      const scheduledAt = this.next;
      const index = this.arrivals++;
      this.next += 1000 / rate;
      if (now - scheduledAt > options.lateToleranceMs || this.inFlight >= options.maxConcurrency) {
        options.drop(index, scheduledAt, now);
        continue;
      }
      this.inFlight += 1;
      void options.start(index, scheduledAt).then(() => {
        this.inFlight -= 1;
        this.settleIfIdle();
      });
    }
    if (now >= this.endAt) return this.stop('maxDuration');
    this.schedule(Math.min(maxSleepMs, Math.max(0, this.next - options.now())));
  }

  private settleIfIdle(): void {
    if (this.stopReason && this.inFlight === 0) {
      this.resolveFinished({ reason: this.stopReason, arrivals: this.arrivals });
    }
  }
}
