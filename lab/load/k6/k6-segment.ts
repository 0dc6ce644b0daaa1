import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import getPort from 'get-port';
import { runLabel } from '../../runtime/shared/run-label.js';
import type { OrderAttempt, RequestRecord } from '../request-record.js';
import { K6OutputReader } from './k6-output-reader.js';
import type { K6SegmentConfig } from './k6-segment-config.js';

export interface K6SegmentOptions {
  executable: string;
  /** The bundled script (k6-journeys.js). */
  script: string;
  config: K6SegmentConfig;
  workDir: string;
  runId: string;
  onRecord(record: RequestRecord): void;
  onOrder(attempt: OrderAttempt): void;
  /** A journey started (for the run's maxArrivals). */
  onJourneyStarted(): void;
  /** An iteration k6 dropped (no free VU) at epoch ms `at`. */
  onDropped(at: number, stream: number): void;
  /** How long to wait for k6 to initialise its VUs (default 60 s). */
  startTimeoutMs?: number;
}

/** k6's run status codes (lib/run_status.go): paused before the run starts, with VUs initialised. */
const pausedBeforeRun = 4;
const readEveryMs = 100;
const stderrKeepBytes = 16 * 1024;

/**
 * One k6 process running one arrival-rate executor. It starts paused (`--paused`), so its VUs are
 * initialised before `unpause()` makes arrivals begin at a moment the lab chooses; its REST API is on
 * 127.0.0.1 and a free port. It runs in its own process group with the run's label, and its
 * `--out json` file is read every 100 ms into records.
 */
export class K6Segment {
  readonly exited: Promise<number | null>;
  private readonly reader: K6OutputReader;
  private readonly inFlightJourneys = new Set<string>();
  private readonly timer: NodeJS.Timeout;
  private stderr = '';
  private hasExited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly stream: number,
    private readonly apiUrl: string,
    outputFile: string,
    options: K6SegmentOptions,
  ) {
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-stderrKeepBytes);
    });
    child.stdout?.resume();
    this.exited = new Promise((resolve) => {
      child.once('exit', (code) => {
        this.hasExited = true;
        resolve(code);
      });
      child.once('error', () => {
        this.hasExited = true;
        resolve(null);
      });
    });
    this.reader = new K6OutputReader(outputFile, {
      record: options.onRecord,
      order: options.onOrder,
      journey: (id, started) => {
        if (started) {
          this.inFlightJourneys.add(id);
          options.onJourneyStarted();
        } else this.inFlightJourneys.delete(id);
      },
      dropped: (at) => options.onDropped(at, stream),
    });
    this.timer = setInterval(() => void this.read(), readEveryMs);
    this.timer.unref();
  }

  static async start(options: K6SegmentOptions): Promise<K6Segment> {
    const { stream } = options.config;
    const configFile = join(options.workDir, `k6-segment-${stream}.json`);
    const outputFile = join(options.workDir, `k6-segment-${stream}.out.json`);
    await writeFile(configFile, JSON.stringify(options.config));
    const failures: string[] = [];
    // get-port finds a free port, but k6 may lose it to another process before it binds: retry.
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const port = await getPort({ host: '127.0.0.1' });
      const child = spawn(
        options.executable,
        [
          'run',
          '--quiet',
          '--paused',
          '--no-usage-report',
          '--summary-mode=disabled',
          `--address=127.0.0.1:${port}`,
          `--out=json=${outputFile}`,
          options.script,
        ],
        {
          cwd: options.workDir,
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: {
            ...process.env,
            ...runLabel(options.runId),
            LAB_K6_CONFIG: configFile,
            K6_NO_USAGE_REPORT: 'true',
          },
        },
      );
      const segment = new K6Segment(child, stream, `http://127.0.0.1:${port}`, outputFile, options);
      const failure = await segment.waitPaused(options.startTimeoutMs ?? 60_000);
      if (!failure) return segment;
      await segment.kill();
      failures.push(`attempt ${attempt} (REST API on port ${port}): ${failure}`);
      if (!/address already in use/i.test(failure)) break;
    }
    throw new Error(`k6 segment ${stream} did not start: ${failures.join('; ')}`);
  }

  /** Journeys this segment started whose end has not reached the output yet. */
  inFlight(): number {
    return this.inFlightJourneys.size;
  }

  get running(): boolean {
    return !this.hasExited;
  }

  /** Starts the executor; resolves with the epoch ms it was told to. */
  async unpause(): Promise<number> {
    const at = Date.now();
    const response = await fetch(`${this.apiUrl}/v1/status`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: { type: 'status', id: 'default', attributes: { paused: false } } }),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) {
      throw new Error(
        `k6 segment ${this.stream} refused to start (PATCH /v1/status answered ${response.status}: ${await response.text()})`,
      );
    }
    return at;
  }

  /** Ends the process group at once (SIGKILL) and reads what k6 wrote. Idempotent. */
  async kill(): Promise<void> {
    if (!this.hasExited && this.child.pid !== undefined) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      await Promise.race([this.exited, delay(5000)]);
    }
    clearInterval(this.timer);
    await this.read();
    await this.reader.close();
  }

  /** What k6 printed last, for error messages. */
  stderrTail(): string {
    return this.stderr.trim().split('\n').slice(-5).join('\n');
  }

  private async read(): Promise<void> {
    try {
      await this.reader.read();
    } catch (error) {
      this.stderr += `\nreading k6 output failed: ${(error as Error).message}`;
    }
  }

  /** Undefined once paused with its VUs ready; else why not. */
  private async waitPaused(timeoutMs: number): Promise<string | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.hasExited) return `k6 exited before starting: ${this.stderrTail() || 'no output'}`;
      const status = await fetch(`${this.apiUrl}/v1/status`, { signal: AbortSignal.timeout(1000) })
        .then((r) => (r.ok ? (r.json() as Promise<{ data: { attributes: { status: number } } }>) : undefined))
        .catch(() => undefined);
      if (status?.data.attributes.status === pausedBeforeRun) return undefined;
      await delay(50);
    }
    return `k6 was not ready within ${timeoutMs} ms: ${this.stderrTail() || 'no output'}`;
  }
}
