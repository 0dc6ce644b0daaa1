import { defineScenario } from '../lab/index.js';

export default defineScenario({
  name: 'rolling-update',
  description: 'A new backend version is rolled out under load; no request may fail',
  hypothesis:
    'A RollingUpdate with maxSurge 1 and maxUnavailable 0, readiness gates, a preStop delay and graceful ' +
    'shutdown replaces every backend pod without failing a single request: old pods leave the endpoints before ' +
    'they stop accepting, new ones join only when ready.',
  runbook: [
    'Watch the rollout: `kubectl -n dhakacart rollout status deployment/backend`.',
    'If errors appear, pause it (`kubectl rollout pause deployment/backend`) and compare error rates by version (X-App-Version).',
    'Roll back when the new version is at fault: `kubectl rollout undo deployment/backend`.',
    'If errors come from the switch itself (not the version), check preStop, terminationGracePeriodSeconds and readiness settings.',
    'Record the version, the time and what was seen in the deploy log.',
  ],
  slo: { availability: 1, maxFailedGets: 0 },
  steadyState: { availability: 0.99 },
  timeoutMs: 90_000,
  load: { rps: 20 },
  async run(lab) {
    await lab.hold(2000);
    await lab.deployment('backend').rollout();
    await lab.hold(3000);
  },
});
