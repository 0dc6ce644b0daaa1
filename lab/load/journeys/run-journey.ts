import type { OrderAttempt, RequestRecord } from '../request-record.js';
import { classifyStatus } from './classify-status.js';
import type { Journey, Shoppers, StepResult, StepSpec, Transport } from './journey-types.js';
import type { SeededRandom } from './seeded-random.js';

export interface JourneyRun {
  journey: Journey;
  random: SeededRandom;
  shoppers: Shoppers;
  arrivalId: string;
  /** When the open model meant the journey to start (epoch ms). */
  scheduledAt: number;
  transport: Transport;
  /** The generator's clock, epoch ms (sub-ms where the runtime has it). */
  now(): number;
  onRecord(record: RequestRecord): void;
  onOrder(attempt: OrderAttempt): void;
  /** Asked before every step after the first: false once the load is stopping, so no new request starts. */
  mayContinue(): boolean;
}

const stopped: StepResult = { ok: false, header: () => undefined, finishedAt: 0 };

/**
 * Runs one journey: each step is recorded with the open model's times (the first step is scheduled
 * at the arrival, each later one when the previous finished), classified against the statuses it
 * expects. Resolves when the journey ends; never rejects.
 */
export async function runJourney(run: JourneyRun): Promise<void> {
  let scheduledAt = run.scheduledAt;
  let first = true;
  const step = async (spec: StepSpec): Promise<StepResult> => {
    if (!first && !run.mayContinue()) return stopped;
    first = false;
    const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
    let body: string | undefined;
    if (spec.body !== undefined) {
      body = JSON.stringify(spec.body);
      headers['content-type'] = 'application/json';
    }
    const sentAt = run.now();
    const outcome = await run.transport.send({
      method: spec.method,
      path: spec.path,
      headers,
      body,
      readBody: spec.readBody ?? false,
    });
    const finishedAt = run.now();
    const record: RequestRecord = {
      journey: run.journey.name,
      method: spec.method,
      route: spec.route,
      scheduledAt,
      sentAt,
      finishedAt,
    };
    scheduledAt = finishedAt;
    if ('errorKind' in outcome) {
      record.errorKind = outcome.errorKind;
      run.onRecord(record);
      return { ok: false, errorKind: outcome.errorKind, header: () => undefined, finishedAt };
    }
    record.status = outcome.status;
    const errorKind = classifyStatus(outcome.status, spec.expect);
    if (errorKind) record.errorKind = errorKind;
    run.onRecord(record);
    let parsed: unknown;
    if (spec.readBody && outcome.bodyText) {
      try {
        parsed = JSON.parse(outcome.bodyText);
      } catch {
        parsed = undefined;
      }
    }
    return {
      ok: errorKind === undefined,
      status: outcome.status,
      ...(errorKind ? { errorKind } : {}),
      body: parsed,
      header: outcome.header,
      finishedAt,
    };
  };
  try {
    await run.journey.run({
      random: run.random,
      shoppers: run.shoppers,
      arrivalId: run.arrivalId,
      step,
      recordOrder: run.onOrder,
    });
  } catch {
    // A journey bug must not take the generator down; it shows up as an `other` failure instead.
    const at = run.now();
    run.onRecord({
      journey: run.journey.name,
      method: run.journey.entry.method,
      route: run.journey.entry.route,
      scheduledAt,
      finishedAt: at,
      errorKind: 'other',
    });
  }
}
