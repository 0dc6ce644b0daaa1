import { defineScenario } from '../lab/index.js';

export default defineScenario({
  name: 'pod-kill',
  description: 'One backend pod is killed (SIGKILL) under load; shoppers should not notice',
  hypothesis:
    'With three backend replicas behind a Service that drops a dead endpoint at once and an ingress that retries ' +
    'idempotent requests on another endpoint, losing one pod fails no GET request, and availability and latency ' +
    'stay within the SLO while the ReplicaSet replaces it.',
  runbook: [
    'Confirm the alert: `kubectl -n dhakacart get pods -l app.kubernetes.io/name=backend` shows a pod restarting or a new one starting.',
    'Check that the Service still has ready endpoints: `kubectl -n dhakacart get endpointslices -l kubernetes.io/service-name=backend`.',
    'Read why the pod died: `kubectl -n dhakacart describe pod <pod>` (OOMKilled, node lost, evicted) and its previous logs with `kubectl logs --previous`.',
    'If pods keep dying, check the node (`kubectl describe node`) and recent deploys (`kubectl rollout history deployment/backend`); roll back if a deploy started it.',
    'Once 3/3 pods are ready and error rates are back to normal, close the incident and note the cause.',
  ],
  slo: { availability: 0.99, maxFailedGets: 0, p99Ms: 1500, recoverWithinMs: 15_000 },
  load: { rps: 30 },
  async run(lab) {
    await lab.hold(3000);
    await lab.deployment('backend').kill();
    await lab.waitForRecovery({ timeoutMs: 30_000 });
    await lab.hold(3000);
  },
});
