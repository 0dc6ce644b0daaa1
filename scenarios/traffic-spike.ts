import { defineScenario } from '../lab/index.js';

export default defineScenario({
  name: 'traffic-spike',
  description: 'The arrival rate jumps 10× for 10 s (a flash sale); latency must stay within the SLO',
  hypothesis:
    'A sudden 10× burst of shoppers is absorbed by the three backend replicas without errors, p99 latency stays ' +
    'under 3 s, and the HorizontalPodAutoscaler adds replicas if the CPU stays high; when the burst ends, ' +
    'latency returns to its usual level. (The per-IP rate limit is raised for lab runs, since all lab traffic ' +
    'comes from one address; the report lists that adjustment.)',
  runbook: [
    'Confirm it is real traffic, not an attack: request rate by route and client on the dashboard, WAF logs.',
    'Watch the HPA: `kubectl -n dhakacart get hpa backend -w`; if it is at maxReplicas, raise it or add nodes.',
    'If latency breaches the SLO, shed load early: tighten rate limits at the ingress, serve the catalogue from cache.',
    'Check the database: connections (`pg_stat_activity`) and CPU; the backends pool at most DB_POOL_MAX each.',
    'After the burst, confirm the HPA scales back down and note the peak rate for capacity planning.',
  ],
  slo: { availability: 0.99, p99Ms: 3000 },
  load: { rps: 8 },
  async run(lab) {
    await lab.hold(2000);
    // spike() returns as the burst begins; the burst lasts 10 s while the shop is watched.
    await lab.load.spike(10, 10_000);
    await lab.hold(10_000);
    await lab.waitForRecovery({ timeoutMs: 20_000 });
  },
});
