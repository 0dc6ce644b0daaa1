import type { ResolvedScenario } from '../scenario/resolve-scenario.js';

/** express-rate-limit's per-IP budget in the backend, raised for lab runs (the backend allows up to 1e6). */
const labRateLimitMax = '1000000';

/**
 * The env the lab adds to the topology for a scenario, and the sentence the report gives for each
 * change (report.environment.adjustments). All lab load comes from 127.0.0.1, one client address, so
 * the backend's per-IP limit (RATE_LIMIT_MAX, 1000 per minute) would turn most of it into 429s, which
 * production traffic from many shoppers would never see. A scenario that sets RATE_LIMIT_MAX itself
 * (to study the limiter) keeps its value.
 */
export function topologyEnv(scenario: ResolvedScenario): {
  env: Record<string, Record<string, string>>;
  adjustments: string[];
} {
  const own = scenario.env.backend?.RATE_LIMIT_MAX;
  const env = { ...scenario.env, backend: { RATE_LIMIT_MAX: labRateLimitMax, ...scenario.env.backend } };
  const adjustments =
    own === undefined
      ? [
          `backend RATE_LIMIT_MAX raised from 1000 to ${labRateLimitMax} per window: all lab load comes from 127.0.0.1, one client address, which the per-IP limit would throttle`,
        ]
      : [`backend RATE_LIMIT_MAX set to ${own} by scenario ${scenario.name}`];
  for (const [deployment, vars] of Object.entries(scenario.env))
    for (const [name, value] of Object.entries(vars))
      if (!(deployment === 'backend' && name === 'RATE_LIMIT_MAX'))
        adjustments.push(`${deployment} ${name}=${value} set by scenario ${scenario.name}`);
  return { env, adjustments };
}
