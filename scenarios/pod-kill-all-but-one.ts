import { defineScenario } from '../lab/index.js';

export default defineScenario({
  name: 'pod-kill-all-but-one',
  description: 'All backend pods but one are killed at once (a zone outage); the survivor carries the shop',
  hypothesis:
    'When two of the three backend pods die together, the survivor serves all the traffic, GET requests are ' +
    'retried onto it, and the ReplicaSet brings the Deployment back to three ready pods; availability stays ' +
    'above 98 % and the shop recovers within 20 s.',
  runbook: [
    'Look at what is left: `kubectl -n dhakacart get pods -o wide` (are the dead pods on one node or zone?).',
    'Check the nodes: `kubectl get nodes` and the cloud console for a failed zone or instance.',
    'If replacements cannot be scheduled, scale the node group (or let the cluster autoscaler do it) and watch `kubectl get pods -w`.',
    'Watch latency and errors on the dashboard while one pod carries the load; if it saturates, shed load (raise nothing, do not restart the survivor).',
    'When 3/3 are ready again, confirm the PodDisruptionBudget and topology spread constraints placed them in different zones.',
  ],
  slo: { availability: 0.98, maxFailedGets: 0, recoverWithinMs: 20_000 },
  load: { rps: 25 },
  async run(lab) {
    const backend = lab.deployment('backend');
    await lab.hold(3000);
    await backend.killAllButOne();
    await lab.waitForRecovery({ timeoutMs: 30_000 });
    // Recovery for shoppers is not yet recovery of capacity: wait for the ReplicaSet to be whole again.
    for (let waited = 0; waited < 20_000; waited += 500) {
      if (backend.list().filter((pod) => pod.ready).length >= backend.replicas()) break;
      await lab.hold(500);
    }
    lab.mark(`backend ready pods: ${backend.list().filter((pod) => pod.ready).length}/${backend.replicas()}`);
    await lab.hold(2000);
  },
});
