import { describe, expect, it } from 'vitest';
import type { Results } from '../report/report-model.js';
import { evaluateSlos } from './index.js';

const results: Results = {
  requests: 1000,
  failed: 5,
  dropped: 1,
  availability: 0.995,
  p50Ms: 20,
  p95Ms: 120,
  p99Ms: 800,
  failedGets: 2,
  lostOrders: 0,
};

describe('evaluateSlos', () => {
  it('judges only the targets the scenario set, one result each', () => {
    const slos = evaluateSlos({ availability: 0.99, p99Ms: 1000 }, results, []);
    expect(slos).toEqual([
      {
        name: 'availability',
        description:
          'At least 99% of scheduled requests succeed (dropped and failed requests count against it)',
        op: '>=',
        target: 0.99,
        actual: 0.995,
        pass: true,
      },
      {
        name: 'p99Ms',
        description: '99% of requests answer within 1000 ms, timed from when each was due',
        op: '<=',
        target: 1000,
        actual: 800,
        unit: 'ms',
        pass: true,
      },
    ]);
  });

  it('fails a target the figures miss', () => {
    const [p95, gets] = evaluateSlos({ p95Ms: 100, maxFailedGets: 0 }, results, []);
    expect(p95).toMatchObject({ name: 'p95Ms', actual: 120, pass: false });
    expect(gets).toMatchObject({
      name: 'failedGets',
      actual: 2,
      pass: false,
      description: 'No GET request fails (reads survive the fault)',
    });
  });

  it('judges recovery per fault and reports the slowest', () => {
    const faults = [
      { kind: 'pod-kill', target: 'backend-a', timeToRecoverMs: 4000 },
      { kind: 'pod-kill', target: 'backend-b', timeToRecoverMs: 12_000 },
    ];
    const [recovery] = evaluateSlos({ recoverWithinMs: 10_000 }, results, faults);
    expect(recovery).toMatchObject({ name: 'timeToRecoverMs', target: 10_000, actual: 12_000, pass: false });
    expect(recovery!.description).toContain('slowest: pod-kill backend-b');
    expect(recovery!.description).toContain('holds again for 5000 ms in a row');
  });

  it('fails recovery when a fault never recovered, naming it', () => {
    const faults = [{ kind: 'db-failover', target: 'db-0' }];
    const [recovery] = evaluateSlos({ recoverWithinMs: 20_000 }, results, faults);
    expect(recovery).toMatchObject({ pass: false });
    expect(recovery!.actual).toBeUndefined();
    expect(recovery!.description).toContain('not recovered: db-failover db-0');
  });

  it('takes lost orders from the data checks, and fails when the checks did not run', () => {
    expect(evaluateSlos({ maxLostOrders: 0 }, { ...results, lostOrders: 1 }, [])[0]).toMatchObject({
      name: 'lostOrders',
      description: 'No acknowledged order is lost (RPO 0 orders)',
      actual: 1,
      unit: 'orders',
      pass: false,
    });
    const { lostOrders: _, ...unchecked } = results;
    expect(evaluateSlos({ maxLostOrders: 0 }, unchecked, [])[0]).toMatchObject({ pass: false });
  });

  it('fails availability when nothing was measured', () => {
    const [availability] = evaluateSlos(
      { availability: 0.9 },
      { requests: 0, failed: 0, dropped: 0, failedGets: 0 },
      [],
    );
    expect(availability).toMatchObject({ pass: false });
    expect(availability!.actual).toBeUndefined();
  });
});
