import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface NginxProcessOptions {
  /** The nginx binary; default `nginx` on PATH (Debian's is /usr/sbin/nginx). */
  binary?: string;
  /** nginx's prefix (-p): relative paths in the configuration resolve against it. */
  prefix: string;
  /** Called with each line nginx prints (its error log is stderr; access log lines go to stdout). */
  onOutput?: (stream: 'stdout' | 'stderr', line: string) => void;
  /** Called when the master process exits without stop() having been asked for. */
  onUnexpectedExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

export class NginxConfigError extends Error {
  constructor(
    readonly confPath: string,
    readonly output: string,
  ) {
    super(`nginx -t rejected ${confPath}: ${output.trim()}`);
    this.name = 'NginxConfigError';
  }
}

/**
 * One nginx master process in the foreground (`daemon off;` in the rendered configuration), driven
 * as ingress-nginx drives it: `nginx -t` before anything is loaded, `nginx -s reload` for a new
 * configuration (new workers take new connections; old ones finish theirs), SIGQUIT to stop
 * gracefully. nginx runs in its own process group so that stopping it also reaches its workers.
 */
export class NginxProcess {
  readonly #options: NginxProcessOptions;
  #child: ChildProcess | undefined;
  #exited: Promise<void> | undefined;
  #stopping = false;

  constructor(options: NginxProcessOptions) {
    this.#options = options;
  }

  get binary(): string {
    return this.#options.binary ?? 'nginx';
  }

  get running(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** `nginx -t`: throws NginxConfigError with nginx's own message when the configuration is invalid. */
  async test(confPath: string): Promise<void> {
    try {
      await run(this.binary, ['-t', '-q', '-p', this.#options.prefix, '-c', confPath]);
    } catch (error) {
      const e = error as { stderr?: string; stdout?: string; message: string };
      throw new NginxConfigError(confPath, `${e.stderr ?? ''}${e.stdout ?? ''}` || e.message);
    }
  }

  /** Starts the master with `confPath` (already tested). Resolves once the process is spawned. */
  async start(confPath: string): Promise<void> {
    if (this.#child) throw new Error('nginx is already started');
    const child = spawn(this.binary, ['-p', this.#options.prefix, '-c', confPath], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    for (const stream of ['stdout', 'stderr'] as const) {
      createInterface({ input: child[stream] }).on('line', (line) => this.#options.onOutput?.(stream, line));
    }
    this.#exited = once(child, 'exit').then(([code, signal]) => {
      if (!this.#stopping)
        this.#options.onUnexpectedExit?.(code as number | null, signal as NodeJS.Signals | null);
    });
    await once(child, 'spawn');
  }

  /** `nginx -s reload` (a SIGHUP to the master found through the pid file the configuration names). */
  async reload(confPath: string): Promise<void> {
    if (!this.running) throw new Error('nginx is not running; start it before reloading');
    await run(this.binary, ['-p', this.#options.prefix, '-c', confPath, '-s', 'reload']);
  }

  /**
   * Graceful stop (SIGQUIT: workers finish their requests), then SIGTERM and SIGKILL to the whole
   * process group if nginx outlives `timeoutMs`. Idempotent.
   */
  async stop(timeoutMs = 10_000): Promise<void> {
    const pid = this.#child?.pid;
    if (pid === undefined || !this.#exited) return;
    this.#stopping = true;
    const signalGroup = (signal: NodeJS.Signals): void => {
      try {
        process.kill(-pid, signal);
      } catch {
        // The group is gone already.
      }
    };
    if (this.running) signalGroup('SIGQUIT');
    const timeout = (ms: number) =>
      new Promise<'timeout'>((resolve) => setTimeout(resolve, ms, 'timeout').unref());
    if ((await Promise.race([this.#exited, timeout(timeoutMs)])) === 'timeout') {
      signalGroup('SIGTERM');
      if ((await Promise.race([this.#exited, timeout(2_000)])) === 'timeout') {
        // To the group, not just the master: workers outlive a killed master.
        signalGroup('SIGKILL');
      }
    }
    await this.#exited;
  }
}
