import { defineScenario } from '../lab/index.js';

export default defineScenario({
  name: 'traffic-spike',
  description:
    'The arrival rate jumps 10× for 30 s (a flash sale); latency must stay within the SLO while the HPA scales',
  hypothesis:
    'A sudden 10× burst of shoppers, held for 30 s (two HPA sync periods), is absorbed without errors: p99 ' +
    'latency stays under 3 s while the HorizontalPodAutoscaler adds backend replicas for the high CPU (its ' +
    'decisions are marks on the timeline), and when the burst ends latency returns to its usual level. (The ' +
    'per-IP rate limit is raised for lab runs, since all lab traffic comes from one address, so this burst ' +
    'does not meet it; the report lists that adjustment.)',
  runbook: [
    'Confirm it is real traffic, not an attack: request rate by route and client on the dashboard, WAF logs.',
    'Watch the HPA: `kubectl -n dhakacart get hpa backend -w`; if it is at maxReplicas, raise it or add nodes.',
    'If latency breaches the SLO, shed load early: tighten rate limits at the ingress, serve the catalogue from cache.',
    'Check the database: connections (`pg_stat_activity`) and CPU; the backends pool at most DB_POOL_MAX each.',
    'After the burst, confirm the HPA scales back down and note the peak rate for capacity planning.',
  ],
  slo: { availability: 0.99, p99Ms: 3000 },
  // 20 → 200 journeys/s: on a 2-core machine that is enough CPU for the HPA (70 % of 250m) to add a pod
  // within the burst, and not so much that the machine itself becomes the bottleneck.
  load: { rps: 20 },
  async run(lab) {
    const backend = lab.deployment('backend');
    await lab.hold(2000);
    // spike() returns as the burst begins; the burst lasts 30 s while the shop is watched.
    await lab.load.spike(10, 30_000);
    await lab.hold(30_000);
    lab.log(`backend replicas at the end of the burst: ${backend.replicas()} (3 before it)`);
    await lab.waitForRecovery({ timeoutMs: 20_000 });
  },
});
