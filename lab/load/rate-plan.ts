/**
 * The arrival rate over time, as the scenario changed it: a base rate (constant, or a linear ramp
 * between two rates) times any spikes in force. The built-in generator's worker schedules arrivals
 * from it and the main thread answers `rate()` from its own copy; both apply the same commands with
 * the same timestamps, so they agree. Times are epoch ms; it answers for the moment of the latest
 * command and after (the schedule never asks about earlier times).
 */
export type RateCommand =
  | { type: 'setRate'; rps: number; at: number }
  | { type: 'ramp'; rps: number; overMs: number; at: number }
  | { type: 'spike'; factor: number; forMs: number; at: number };

export class RatePlan {
  private base: { from: number; to: number; startAt: number; endAt: number };
  private spikes: { factor: number; startAt: number; endAt: number }[] = [];

  constructor(rps: number, at: number) {
    this.base = { from: rps, to: rps, startAt: at, endAt: at };
  }

  apply(command: RateCommand): void {
    if (command.type === 'setRate') {
      this.base = { from: command.rps, to: command.rps, startAt: command.at, endAt: command.at };
    } else if (command.type === 'ramp') {
      const from = this.baseRate(command.at);
      this.base = { from, to: command.rps, startAt: command.at, endAt: command.at + command.overMs };
    } else {
      this.spikes = this.spikes.filter((spike) => spike.endAt > command.at);
      this.spikes.push({ factor: command.factor, startAt: command.at, endAt: command.at + command.forMs });
    }
  }

  /** Journeys per second at `at`, spikes included. */
  rate(at: number): number {
    let rate = this.baseRate(at);
    for (const spike of this.spikes) if (at >= spike.startAt && at < spike.endAt) rate *= spike.factor;
    return rate;
  }

  /** The rate without spikes: what the load returns to when they end. */
  baseRate(at: number): number {
    const { from, to, startAt, endAt } = this.base;
    if (at >= endAt) return to;
    if (at <= startAt) return from;
    return from + ((to - from) * (at - startAt)) / (endAt - startAt);
  }
}

/** Checks a command's numbers; the message names the argument and what is allowed. */
export function validateRateCommand(command: RateCommand, maxRps: number): void {
  const problems: string[] = [];
  if (command.type === 'spike') {
    if (!(Number.isFinite(command.factor) && command.factor >= 0)) {
      problems.push(`spike factor must be a finite number >= 0, got ${command.factor}`);
    }
    if (!(Number.isFinite(command.forMs) && command.forMs > 0)) {
      problems.push(`spike forMs must be a positive number of ms, got ${command.forMs}`);
    }
  } else {
    if (!(Number.isFinite(command.rps) && command.rps >= 0 && command.rps <= maxRps)) {
      problems.push(`${command.type} rps must be between 0 and ${maxRps}, got ${command.rps}`);
    }
    if (command.type === 'ramp' && !(Number.isFinite(command.overMs) && command.overMs >= 0)) {
      problems.push(`ramp overMs must be a number of ms >= 0, got ${command.overMs}`);
    }
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
}
