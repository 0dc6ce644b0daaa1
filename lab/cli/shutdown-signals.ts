/**
 * How `lab up` reacts to Ctrl-C (SIGINT) and SIGTERM: the first starts an orderly teardown, the second
 * says "still stopping; press Ctrl-C again to force", the third forces an immediate exit (`onForce`).
 * `lab down` (through the control API) calls `request()`, which starts the same teardown but never
 * escalates: asking twice to stop is not asking to force.
 */
export class ShutdownSignals {
  /** Resolves with the reason of the first stop request. */
  readonly requested: Promise<string>;
  private resolve!: (reason: string) => void;
  private signals = 0;
  private stopping = false;
  private readonly onSignal = (signal: NodeJS.Signals) => this.signal(signal);

  constructor(
    private readonly hooks: {
      /** Tells the user something (the second press). */
      say(line: string): void;
      /** The third press: stop at once; must not return normally (it exits the process). */
      force(): void;
    },
  ) {
    this.requested = new Promise((resolve) => (this.resolve = resolve));
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  install(): this {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
    return this;
  }

  uninstall(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }

  /** A stop asked for by other means than a signal (`lab down`). */
  request(reason: string): void {
    if (this.stopping) return;
    this.stopping = true;
    this.resolve(reason);
  }

  private signal(signal: NodeJS.Signals): void {
    this.signals += 1;
    if (this.signals === 1) this.request(signal);
    else if (this.signals === 2) this.hooks.say('still stopping; press Ctrl-C again to force');
    else this.hooks.force();
  }
}
