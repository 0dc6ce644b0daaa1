import type { RunningLoad } from '../load/index.js';
import type { OrderAttempt, RequestRecord } from '../load/request-record.js';

/**
 * The load of one scenario across `lab.load.stop()` and `start()`: a RunningLoad cannot restart once
 * stopped, so a restart is a new one, and the records of all of them make one request log.
 */
export class LoadSession {
  private current: RunningLoad | undefined;
  /** Loads stopped so far (their stop() promises), and the results of those that finished stopping. */
  private readonly stopping: Promise<LoadResult>[] = [];
  private stoppedResults: LoadResult[] = [];
  private generatorName = '';

  constructor(private readonly startLoad: (rps: number) => Promise<RunningLoad>) {}

  /** The generator that served the load (`built-in open-model generator`, `k6 v1.x.y`). */
  get generator(): string {
    return this.generatorName;
  }

  get running(): boolean {
    return this.current !== undefined;
  }

  /** Starts the load at `rps`, or sets the rate of the load already running. */
  async start(rps: number): Promise<void> {
    if (this.current) return this.current.setRate(rps);
    this.current = await this.startLoad(rps);
    this.generatorName = this.current.generator;
  }

  /** The load that runs now; acting on a stopped load is the scenario's mistake, said plainly. */
  active(action: string): RunningLoad {
    if (!this.current) throw new Error(`cannot ${action}: the load is stopped; call lab.load.start() first`);
    return this.current;
  }

  rate(): number {
    return this.current?.rate() ?? 0;
  }

  /** Every request recorded so far, of every load of the session (live: grows as requests finish). */
  records(): RequestRecord[] {
    return [...this.stoppedResults.flatMap((r) => r.records), ...(this.current?.records() ?? [])];
  }

  /** Stops the running load, if any (idempotent), and resolves once every load has stopped. */
  async stop(): Promise<LoadResult> {
    const current = this.current;
    this.current = undefined;
    if (current) this.stopping.push(current.stop());
    this.stoppedResults = await Promise.all(this.stopping);
    return {
      records: this.stoppedResults.flatMap((r) => r.records),
      orders: this.stoppedResults.flatMap((r) => r.orders),
    };
  }
}

interface LoadResult {
  records: RequestRecord[];
  orders: OrderAttempt[];
}
