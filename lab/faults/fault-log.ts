import type { FaultHandle } from '../scenario/scenario-types.js';
import type { FaultEntry } from './fault-types.js';

/**
 * The faults a scenario injected, in order: the entries the report's per-fault figures come from, and
 * the handles, so that whatever the method left in place is reverted after it (Chaos Toolkit's
 * rollbacks), whether it returned, threw or timed out.
 */
export class FaultLog {
  readonly entries: FaultEntry[] = [];
  private readonly handles: FaultHandle[] = [];

  record(entry: FaultEntry, handle: FaultHandle): void {
    this.entries.push(entry);
    this.handles.push(handle);
  }

  latest(): FaultEntry | undefined {
    return this.entries.at(-1);
  }

  has(kind: string): boolean {
    return this.entries.some((e) => e.kind === kind);
  }

  /** Reverts every fault (idempotent handles: reverted ones are no-ops), newest first; errors gathered. */
  async revertAll(): Promise<Error[]> {
    const errors: Error[] = [];
    for (const [i, handle] of [...this.handles.entries()].reverse()) {
      try {
        await handle.revert();
      } catch (error) {
        const entry = this.entries[i]!;
        errors.push(
          new Error(`reverting ${entry.kind} on ${entry.target} failed: ${(error as Error).message}`, {
            cause: error,
          }),
        );
      }
    }
    return errors;
  }
}
