import { defineScenario } from '../lab/index.js';

export default defineScenario({
  name: 'db-connection-reset',
  description: 'Connections between backend and database are reset for 3 s; the pools reconnect',
  hypothesis:
    'When every backend→database connection is reset (a NAT dropping its state, a proxy restarting), the ' +
    'backends discard the broken connections and open new ones: requests fail only while the resets last, the ' +
    'shop recovers within 10 s after they stop, and no acknowledged order is lost.',
  runbook: [
    'Confirm the symptom: backend logs show `Connection terminated unexpectedly` / ECONNRESET; readiness may flap.',
    'Find what reset the connections: RDS events (reboot, failover), NAT gateway or security group changes, a proxy restart.',
    'Check that pools recovered: `dhakacart_db_pool_connections{state="total"}` back to its usual value, no waiting.',
    'If errors persist after the cause is gone, restart the backends one at a time (`kubectl rollout restart deployment/backend`).',
    'Check the orders placed during the incident: ambiguous ones are safe to retry with their Idempotency-Key.',
  ],
  // Requests fail while the resets last; what is judged is how fast that ends and that no order is lost.
  slo: { recoverWithinMs: 10_000, maxLostOrders: 0 },
  load: { rps: 20 },
  async run(lab) {
    await lab.hold(2000);
    const resets = await lab.network.resetPeer('backend-database', { timeoutMs: 0 });
    await lab.hold(3000);
    await resets.revert();
    await lab.waitForRecovery({ timeoutMs: 30_000 });
    await lab.hold(2000);
  },
});
