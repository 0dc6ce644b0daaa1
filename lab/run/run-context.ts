import type { LabController } from '../control/lab-controller.js';
import type { FaultLog } from '../faults/fault-log.js';
import type { ResolvedScenario } from '../scenario/resolve-scenario.js';
import type { Journal } from './journal.js';
import type { LoadSession } from './load-session.js';
import type { SeededRandom } from './seeded-random.js';

/** What the Lab handle acts on: one scenario's running topology, load, faults and journal. */
export interface RunContext {
  readonly controller: LabController;
  readonly random: SeededRandom;
  readonly journal: Journal;
  readonly faults: FaultLog;
  readonly load: LoadSession;
  readonly scenario: ResolvedScenario;
  /** Epoch ms the scenario's load started: every offset in the report is measured from it. */
  readonly t0: number;
  /** Aborted on Ctrl-C/SIGTERM: waits end at once and further Lab calls throw. */
  readonly signal: AbortSignal;
}

/** The run was interrupted (Ctrl-C, SIGTERM); the runner reports the scenario as interrupted. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
  constructor(reason = 'interrupted') {
    super(reason);
  }
}

export function throwIfInterrupted(signal: AbortSignal): void {
  if (signal.aborted) throw new InterruptedError(`interrupted (${String(signal.reason ?? 'signal')})`);
}
