import { describe, expect, it } from 'vitest';
import { faultFigures, timeToDetect } from './index.js';
import { stretch, t0 } from './test/synthetic-load.js';

const slo = { availability: 0.95, sustainMs: 5000 };
const injectedAt = t0 + 10_000;

/** 20 req/s; a 2 s outage starting 100 ms after injection; 1000 requests in all (50 s). */
const outage = [
  ...stretch({ fromMs: 0, toMs: 10_100, rps: 20 }),
  ...stretch({ fromMs: 10_100, toMs: 12_100, rps: 20, errorKind: 'connection_refused' }),
  ...stretch({ fromMs: 12_100, toMs: 50_000, rps: 20 }),
];

describe('faultFigures', () => {
  const figures = faultFigures(outage, {
    t0,
    fault: { kind: 'network-reset-peer', target: 'backend-database', injectedAt, revertedAt: t0 + 11_000 },
    events: [],
    slo,
    until: t0 + 50_000,
  });

  it('places injection, impact and recovery as offsets from t0 and durations from injection', () => {
    expect(figures).toMatchObject({
      kind: 'network-reset-peer',
      target: 'backend-database',
      injectedAt: new Date(injectedAt).toISOString(),
      injectedAtMs: 10_000,
      // The first failure was scheduled at 10.1 s and its error arrived 20 ms later.
      impactAtMs: 10_120,
      timeToImpactMs: 120,
      recoveredAtMs: 12_100,
      timeToRecoverMs: 2100,
      revertedAtMs: 11_000,
    });
  });

  it('counts the requests that failed during the fault and the error budget they spent', () => {
    // 40 failures; a 95% target over 1000 requests allows 50.
    expect(figures.failedRequests).toBe(40);
    expect(figures.errorBudgetSpent).toBe(0.8);
  });

  it('falls back to the alert condition when no runtime event applies', () => {
    // The first failure finishes at 10.12 s; the last second then holds 19 successes and 1 failure (95%),
    // which meets the target; the second failure (10.17 s) makes it 90%.
    expect(figures.detectedBy).toMatch(/^alert condition: SLO breached over the last 1 s \(availability 90%/);
    expect(figures.detectedAtMs).toBe(10_170);
  });

  it('times impact from a request that became too slow, at the moment it crossed the ceiling', () => {
    const slow = [
      ...stretch({ fromMs: 0, toMs: 20_000, rps: 10 }),
      ...stretch({ fromMs: 10_050, toMs: 10_051, rps: 1, latencyMs: 2000 }),
    ];
    const f = faultFigures(slow, {
      t0,
      fault: { kind: 'network-latency', target: 'backend-database', injectedAt },
      events: [],
      slo: { p99Ms: 1000 },
      until: t0 + 20_000,
    });
    expect(f.timeToImpactMs).toBe(1050);
  });

  it('leaves recovery out when the SLO never held again', () => {
    const f = faultFigures(stretch({ fromMs: 10_000, toMs: 20_000, rps: 20, errorKind: 'timeout' }), {
      t0,
      fault: { kind: 'db-failover', target: 'db-0', injectedAt },
      events: [],
      slo,
      until: t0 + 20_000,
    });
    expect(f.recoveredAtMs).toBeUndefined();
    expect(f.timeToRecoverMs).toBeUndefined();
    expect(f.failedRequests).toBe(200);
  });
});

describe('timeToDetect', () => {
  const podKill = { kind: 'pod-kill', target: 'backend-abc12', injectedAt };

  it("takes a pod fault's first unready or endpoint-removed event of the victim", () => {
    const events = [
      {
        type: 'unready',
        at: injectedAt - 5000,
        pod: 'backend-abc12',
        deployment: 'backend',
        reason: 'earlier',
      },
      { type: 'probe-failed', at: injectedAt + 100, pod: 'backend-abc12', deployment: 'backend' },
      { type: 'endpoint-removed', at: injectedAt + 40, pod: 'backend-zzz99', deployment: 'backend' },
      {
        type: 'endpoint-removed',
        at: injectedAt + 300,
        pod: 'backend-abc12',
        deployment: 'backend',
        reason: 'deleted',
      },
      {
        type: 'unready',
        at: injectedAt + 300,
        pod: 'backend-abc12',
        deployment: 'backend',
        reason: 'deleted',
      },
    ];
    expect(timeToDetect(events, podKill)).toEqual({
      detectedAt: injectedAt + 300,
      detectedBy: 'endpoint-removed: pod backend-abc12 (deleted)',
    });
  });

  it('matches any killed pod of the Deployment for kill-all-but-one, never the survivor', () => {
    const fault = {
      kind: 'pod-kill-all-but-one',
      target: 'backend',
      injectedAt,
      detail: { survivor: 'backend-keep1', killed: 'backend-a, backend-b' },
    };
    const events = [
      { type: 'unready', at: injectedAt + 10, pod: 'backend-keep1', deployment: 'backend' },
      { type: 'killing', at: injectedAt + 5, pod: 'backend-b', deployment: 'backend', reason: 'deleted' },
      {
        type: 'endpoint-removed',
        at: injectedAt + 20,
        pod: 'backend-b',
        deployment: 'backend',
        reason: 'deleted',
      },
    ];
    expect(timeToDetect(events, fault)?.detectedBy).toBe('endpoint-removed: pod backend-b (deleted)');
  });

  it('takes a database failover or promotion event, else the promotion time the fault recorded', () => {
    const fault = { kind: 'db-failover', target: 'db-0', injectedAt };
    const events = [
      { type: 'fault-injected', at: injectedAt, kind: 'db-failover' },
      { type: 'standby-promoted', at: injectedAt + 3000, node: 'db-1' },
    ];
    expect(timeToDetect(events, fault)).toEqual({
      detectedAt: injectedAt + 3000,
      detectedBy: 'standby-promoted (db-1)',
    });
    const promotedAt = new Date(injectedAt + 2500).toISOString();
    expect(timeToDetect([], { ...fault, detail: { promotedAt, newPrimary: 'db-1' } })).toEqual({
      detectedAt: injectedAt + 2500,
      detectedBy: 'standby promoted (db-1)',
    });
  });

  it('is undefined when nothing noticed and there are no records to alert on', () => {
    expect(
      timeToDetect([], { kind: 'network-latency', target: 'ingress-backend', injectedAt }),
    ).toBeUndefined();
  });
});
