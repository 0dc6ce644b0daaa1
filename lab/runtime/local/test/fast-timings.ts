import type { Topology } from '../../../topology/model.js';

/**
 * The production manifests with every wait shortened, so a test of the whole topology takes seconds:
 * probe periods at most 0.5 s, preStop 0.2 s, the app's drain delays and grace periods cut to match.
 * Thresholds, replica counts, the rolling-update shape and everything else stay as in k8s/.
 */
export function fastTimings(draft: Topology): void {
  for (const deployment of draft.deployments) {
    const { container } = deployment;
    for (const probe of [container.startupProbe, container.readinessProbe, container.livenessProbe]) {
      if (probe) probe.periodSeconds = Math.min(probe.periodSeconds, 0.5);
    }
    if (container.preStop?.type === 'sleep') container.preStop.seconds = 0.2;
    deployment.terminationGracePeriodSeconds = 5;
    if ('SHUTDOWN_DELAY_MS' in container.env) container.env.SHUTDOWN_DELAY_MS = '200';
    if ('SHUTDOWN_GRACE_MS' in container.env) container.env.SHUTDOWN_GRACE_MS = '2000';
  }
}
