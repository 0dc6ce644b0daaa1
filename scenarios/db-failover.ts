import { defineScenario } from '../lab/index.js';

export default defineScenario({
  name: 'db-failover',
  description: 'The database primary dies under checkout load; the standby takes over (RTO and RPO)',
  hypothesis:
    'With synchronous streaming replication, losing the primary loses no acknowledged order (RPO 0): after the ' +
    'detection delay the standby is promoted, the backends reconnect through the re-pointed endpoint, and ' +
    'checkouts succeed again within 20 s (RTO). Orders whose requests failed mid-failover are either made once ' +
    'or not at all, never twice (idempotency keys).',
  runbook: [
    'Confirm the failover: RDS events (or `lab status`) show the standby promoted; note the time of the last error.',
    'Check that the backends are ready again (`kubectl -n dhakacart get pods`); restart none unless readiness stays red past the RTO.',
    'Compare order counts: every order customers were told was placed must exist (the lab checks this as RPO in orders).',
    'Look for orders whose requests failed during the failover: customers retrying with the same Idempotency-Key get their order once.',
    'Rebuild redundancy: make sure a new standby exists and has caught up (RDS does this by itself; the lab re-clones the old primary).',
  ],
  // Requests fail while no primary answers; what is judged is how fast that ends (RTO) and what is lost
  // (RPO). Recovery means 99 % of requests succeeding again for 5 s in a row (the default window target).
  slo: { recoverWithinMs: 20_000, maxLostOrders: 0 },
  load: { rps: 20, journeys: { browse: 2, product: 2, 'add-to-cart': 2, checkout: 4, 'order-history': 1 } },
  async run(lab) {
    await lab.hold(3000);
    await lab.database.killPrimary();
    await lab.waitForRecovery({ timeoutMs: 40_000 });
    await lab.hold(3000);
  },
});
