import { describe, expect, it } from 'vitest';
import {
  faultSchema,
  phaseSchema,
  resultsSchema,
  sloResultSchema,
  steadyStateSchema,
  timelineBucketSchema,
} from '../report/report-model.js';
import { buildTimeline, checkSteadyState, evaluateSlos, faultFigures, phases, summarize } from './index.js';
import { stretch, t0 } from './test/synthetic-load.js';

describe('measure output', () => {
  it('is valid report.json content as the report model defines it', () => {
    const records = [
      ...stretch({ fromMs: 0, toMs: 5000, rps: 20 }),
      ...stretch({ fromMs: 5000, toMs: 6000, rps: 20, errorKind: 'dropped' }),
      ...stretch({ fromMs: 6000, toMs: 15_000, rps: 20 }),
    ];
    const slo = { availability: 0.9, p99Ms: 500, recoverWithinMs: 5000, maxLostOrders: 0 };
    const fault = faultFigures(records, {
      t0,
      fault: {
        kind: 'pod-kill',
        target: 'backend-a',
        injectedAt: t0 + 5000,
        detail: { deployment: 'backend' },
      },
      events: [],
      slo,
      until: t0 + 15_000,
    });
    const results = { ...summarize(records), lostOrders: 0 };
    expect(() => faultSchema.parse(fault)).not.toThrow();
    expect(() => resultsSchema.parse(results)).not.toThrow();
    for (const bucket of buildTimeline(records, { t0, endAt: t0 + 15_000 }))
      timelineBucketSchema.parse(bucket);
    for (const phase of phases(records, { t0, firstInjectedAt: t0 + 5000, endAt: t0 + 15_000 }))
      phaseSchema.parse(phase);
    for (const result of evaluateSlos(slo, results, [fault])) sloResultSchema.parse(result);
    steadyStateSchema.parse(
      checkSteadyState(records, {
        when: 'after',
        endAt: t0 + 15_000,
        spec: { windowMs: 3000, availability: 0.99 },
      }),
    );
  });
});
