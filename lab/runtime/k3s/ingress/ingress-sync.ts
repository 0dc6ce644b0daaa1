import { rename, writeFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { ClusterEvent, ClusterSnapshot } from './cluster-state.js';
import { ClusterState } from './cluster-state.js';
import type { RenderedConfig } from './nginx-conf.js';
import type { NginxProcess } from './nginx-process.js';
import { waitForChecksum } from './nginx-status.js';

export interface IngressSyncOptions {
  /** Snapshot → configuration; renderNginxConf with the pod's options bound. */
  render: (snapshot: ClusterSnapshot) => RenderedConfig;
  nginx: Pick<NginxProcess, 'test' | 'start' | 'reload' | 'running'>;
  /** Where the live configuration is written (the candidate goes beside it until `nginx -t` passes). */
  confPath: string;
  /** nginx's status port, to confirm that a reload took effect. */
  statusPort: number;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Quiet time after the last event before rendering (events come in bursts). Default 100 ms. */
  debounceMs?: number;
  /** Longest a change waits while events keep coming. Default 500 ms. */
  maxDelayMs?: number;
  /**
   * Called after each render that nginx runs (a new configuration, or one equal to the running one):
   * the Ingress status publisher hangs here.
   */
  onSynced?: (rendered: RenderedConfig, snapshot: ClusterSnapshot) => void;
}

/**
 * The controller's pipeline: watch event → ClusterState → render → `nginx -t` → reload → confirmed.
 * Renders are debounced and never overlap; a configuration equal to the running one is not reloaded,
 * and one that nginx rejects is logged and not loaded (nginx keeps serving the previous one), as
 * ingress-nginx does.
 */
export class IngressSync {
  readonly state = new ClusterState();
  readonly #o: IngressSyncOptions;
  #started = false;
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;
  #firstPendingAt: number | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #applied: RenderedConfig | undefined;
  #lastProblems = new Set<string>();
  #lastError: Error | undefined;

  constructor(options: IngressSyncOptions) {
    this.#o = options;
  }

  /** The configuration nginx runs now (undefined before the first successful load). */
  get applied(): RenderedConfig | undefined {
    return this.#applied;
  }

  /** The last render's rejection by nginx -t or failed reload; cleared by the next success. */
  get lastError(): Error | undefined {
    return this.#lastError;
  }

  /** Ready: nginx runs a configuration rendered from a complete initial list of the cluster. */
  get ready(): boolean {
    return this.#applied !== undefined && this.#o.nginx.running;
  }

  /** Feeds one watch event. Before start() (the informers' initial lists) nothing is rendered. */
  handle(event: ClusterEvent): void {
    if (this.state.apply(event) && this.#started) this.#schedule();
  }

  /** Called once every informer has listed: renders and starts nginx now, without debounce. */
  async start(): Promise<void> {
    this.#started = true;
    await this.#runSync();
  }

  /** Resolves when no render is pending or running (tests, and shutdown). */
  async settled(): Promise<void> {
    while (this.#timer || this.#running) {
      if (this.#running) await this.#running;
      else await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    if (this.#stopped) return;
    const now = Date.now();
    this.#firstPendingAt ??= now;
    const debounce = this.#o.debounceMs ?? 100;
    const latest = this.#firstPendingAt + (this.#o.maxDelayMs ?? 500);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#firstPendingAt = undefined;
        void this.#runSync();
      },
      Math.max(0, Math.min(debounce, latest - now)),
    );
  }

  #runSync(): Promise<void> {
    if (this.#running) {
      // One render at a time; the events that came meanwhile get one more render afterwards.
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#sync()
      .catch((error: unknown) => {
        this.#lastError = error instanceof Error ? error : new Error(String(error));
        this.#o.log.error({ err: this.#lastError }, 'nginx configuration not applied');
      })
      .finally(() => {
        this.#running = undefined;
        if (this.#again && !this.#stopped) {
          this.#again = false;
          void this.#runSync();
        }
      });
    return this.#running;
  }

  async #sync(): Promise<void> {
    const startedAt = Date.now();
    const snapshot = this.state.snapshot();
    const rendered = this.#o.render(snapshot);
    this.#logProblems(rendered);
    if (rendered.checksum === this.#applied?.checksum && this.#o.nginx.running) {
      this.#o.onSynced?.(rendered, snapshot);
      return;
    }

    const candidate = `${this.#o.confPath}.candidate`;
    await writeFile(candidate, rendered.text);
    await this.#o.nginx.test(candidate);
    await rename(candidate, this.#o.confPath);
    const first = !this.#o.nginx.running;
    if (first) await this.#o.nginx.start(this.#o.confPath);
    else await this.#o.nginx.reload(this.#o.confPath);
    await waitForChecksum(this.#o.statusPort, rendered.checksum);

    this.#applied = rendered;
    this.#lastError = undefined;
    this.#o.log.info(
      {
        checksum: rendered.checksum,
        durationMs: Date.now() - startedAt,
        upstreams: Object.fromEntries(
          rendered.table.upstreams.map((u) => [u.name, u.servers.map((s) => `${s.address}:${s.port}`)]),
        ),
      },
      first ? 'nginx started' : 'nginx reloaded',
    );
    this.#o.onSynced?.(rendered, snapshot);
  }

  /** Logs each problem once, when it appears (every render would otherwise repeat them). */
  #logProblems(rendered: RenderedConfig): void {
    const now = new Set(rendered.table.problems.map((p) => `${p.ingress}: ${p.message}`));
    for (const problem of rendered.table.problems) {
      if (!this.#lastProblems.has(`${problem.ingress}: ${problem.message}`)) {
        this.#o.log.warn({ ingress: problem.ingress }, problem.message);
      }
    }
    this.#lastProblems = now;
  }
}
