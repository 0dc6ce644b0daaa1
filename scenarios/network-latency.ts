import { defineScenario } from '../lab/index.js';

export default defineScenario({
  name: 'network-latency',
  description: 'The backend→database link slows to 300 ms ± 50 ms; the shop slows down but stays up',
  hypothesis:
    'When every round trip to the database takes 300 ms ± 50 ms, pages get slower but nothing fails: the ' +
    'connection pool and timeouts absorb it, readiness stays green, p99 stays under 5 s, and latency returns to ' +
    'normal as soon as the link does.',
  runbook: [
    'See where the time goes: request latency by route on the dashboard, and `pg_stat_activity` / RDS Performance Insights for waiting queries.',
    'Check the network path: a saturated NAT or cross-zone traffic (is the primary in another zone after a failover?).',
    'Check the pool: `dhakacart_db_pool_connections{state="waiting"}` rising means requests queue for connections.',
    'Mitigate: move the backends next to the primary, or fail over back; do not raise timeouts blindly.',
    'After the fix, confirm p99 is back under the SLO for 10 minutes.',
  ],
  slo: { availability: 0.99, p99Ms: 5000, recoverWithinMs: 10_000 },
  load: { rps: 20 },
  async run(lab) {
    await lab.hold(2000);
    const slow = await lab.network.latency('backend-database', { latencyMs: 300, jitterMs: 50 });
    await lab.hold(10_000);
    await slow.revert();
    await lab.waitForRecovery({ timeoutMs: 30_000 });
  },
});
