/**
 * Teardown in reverse order of setup, as citty's cleanup and Playwright's fixtures do: every step runs
 * even when an earlier one fails, and the failures are gathered into one AggregateError naming each step.
 * `run()` is idempotent, because a signal handler and a finally block may both call it.
 */
export class CleanupStack {
  readonly #steps: { name: string; run: () => Promise<void> | void }[] = [];
  #running: Promise<void> | undefined;

  /** Registers a teardown step; it runs before every step registered earlier. */
  push(name: string, run: () => Promise<void> | void): void {
    if (this.#running) throw new Error(`cannot register "${name}": teardown has already started`);
    this.#steps.push({ name, run });
  }

  run(): Promise<void> {
    return (this.#running ??= this.#runAll());
  }

  async #runAll(): Promise<void> {
    const failures: Error[] = [];
    for (const step of [...this.#steps].reverse()) {
      try {
        await step.run();
      } catch (error) {
        failures.push(
          new Error(`stopping ${step.name} failed: ${(error as Error).message}`, { cause: error }),
        );
      }
    }
    if (failures.length === 1) throw failures[0]!;
    if (failures.length > 1)
      throw new AggregateError(failures, `teardown failed in ${failures.length} steps`);
  }
}
