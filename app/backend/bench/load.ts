import autocannon from 'autocannon';

/**
 * One fixed-rate load run with autocannon, reduced to the figures the bench reports.
 *
 * How autocannon holds a rate: each connection sends requests back to back until it has sent its
 * share of the second's quota (overallRate / connections), then waits for the next second. So within
 * each second the server first sees `connections` concurrent clients at full speed, then nothing:
 * latency is that of `connections` requests in flight, which is why the bench sizes connections.
 */

export interface LoadSpec {
  title: string;
  url: string;
  /** Requests per second over all connections (autocannon's overallRate). */
  rate: number;
  durationSeconds: number;
  connections: number;
  requests?: autocannon.Request[];
}

export interface LoadFigures {
  title: string;
  targetRate: number;
  achievedRate: number;
  total: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCounts: Record<string, number>;
}

export async function runLoad(spec: LoadSpec): Promise<LoadFigures> {
  const result = await autocannon({
    title: spec.title,
    url: spec.url,
    overallRate: spec.rate,
    duration: spec.durationSeconds,
    connections: spec.connections,
    timeout: 10,
    requests: spec.requests,
    // autocannon's correction assumes one request every Math.ceil(1 / rate) ms, i.e. 1 ms whatever the
    // rate, and so invents samples; we record each response's real latency instead.
    ignoreCoordinatedOmission: true,
  });
  const total = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  const statusCounts = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]),
  );
  return {
    title: spec.title,
    targetRate: spec.rate,
    achievedRate: total / result.duration,
    total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCounts,
  };
}
