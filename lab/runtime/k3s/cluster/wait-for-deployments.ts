import type { ClusterWatch } from './cluster-watch.js';

/**
 * Every Deployment of the shop available at its desired replica count, as `kubectl rollout status`
 * says, within `timeoutMs`; the error names the Deployments still short and why their pods wait.
 */
export async function waitForDeployments(watch: ClusterWatch, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = watch.status();
    const short = status.filter((d) => d.desiredReplicas === 0 || d.readyReplicas < d.desiredReplicas);
    if (status.length > 0 && short.length === 0)
      return status.map((d) => `${d.name} ${d.readyReplicas}/${d.desiredReplicas}`).join(', ');
    if (Date.now() > deadline) {
      const why = short
        .map((d) => `${d.name} ${d.readyReplicas}/${d.desiredReplicas} (${waiting(watch, d.name)})`)
        .join('; ');
      throw new Error(`the shop's pods were not ready in ${timeoutMs} ms: ${why || 'no Deployments found'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function waiting(watch: ClusterWatch, deployment: string): string {
  const reasons = watch
    .pods(deployment)
    .flatMap((pod) =>
      (pod.status?.containerStatuses ?? []).flatMap((s) =>
        s.state?.waiting
          ? [
              `${pod.metadata?.name}: ${s.state.waiting.reason ?? 'waiting'} ${s.state.waiting.message ?? ''}`.trim(),
            ]
          : [],
      ),
    );
  return reasons.join(', ') || 'pods not ready yet';
}
