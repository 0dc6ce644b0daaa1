import { resolveContainerPort, type ContainerContext } from './container-ports.js';
import type { PreStopSpec, ProbeHandler, ProbeSpec } from './model.js';
import type { LifecycleHandlerInput, ProbeInput } from './pod-schemas.js';

export type ProbeField = 'startupProbe' | 'readinessProbe' | 'livenessProbe';

const HANDLERS = ['httpGet', 'tcpSocket', 'exec', 'grpc'] as const;

/**
 * A probe with every field resolved (defaults came with the schema: 0, 10, 1, 1, 3) and its port as a
 * container port number. The lab runs httpGet and tcpSocket probes; exec and grpc are problems.
 */
export function resolveProbe(field: ProbeField, context: ContainerContext): ProbeSpec | undefined {
  const probe: ProbeInput | undefined = context.container[field];
  if (!probe) return undefined;
  const path = [...context.containerPath, field];
  const present = HANDLERS.filter((h) => probe[h] !== undefined);
  if (present.length !== 1) {
    context.problems.at(
      context.document,
      path,
      `expected exactly one handler (httpGet or tcpSocket), got ${present.join(', ') || 'none'}`,
    );
    return undefined;
  }
  if (field !== 'readinessProbe' && probe.successThreshold !== 1) {
    context.problems.at(
      context.document,
      [...path, 'successThreshold'],
      `must be 1 for a ${field} (Kubernetes rejects anything else), got ${probe.successThreshold}`,
    );
  }
  let handler: ProbeHandler | undefined;
  if (probe.httpGet) {
    if (probe.httpGet.scheme !== 'HTTP') {
      context.problems.at(
        context.document,
        [...path, 'httpGet', 'scheme'],
        'the lab probes over plain HTTP only; expected HTTP',
      );
    }
    const port = resolveContainerPort(probe.httpGet.port, [...path, 'httpGet', 'port'], context);
    if (port !== undefined) handler = { type: 'httpGet', path: probe.httpGet.path, port };
  } else if (probe.tcpSocket) {
    const port = resolveContainerPort(probe.tcpSocket.port, [...path, 'tcpSocket', 'port'], context);
    if (port !== undefined) handler = { type: 'tcpSocket', port };
  } else {
    context.problems.at(
      context.document,
      [...path, present[0]!],
      `${present[0]} probes are not supported by the lab's local profile; use httpGet or tcpSocket`,
    );
  }
  if (!handler) return undefined;
  const { initialDelaySeconds, periodSeconds, timeoutSeconds, successThreshold, failureThreshold } = probe;
  return { handler, initialDelaySeconds, periodSeconds, timeoutSeconds, successThreshold, failureThreshold };
}

/** The preStop hook: the native `sleep` action or an httpGet; exec needs a shell the lab does not run. */
export function resolvePreStop(context: ContainerContext): PreStopSpec | undefined {
  const hook: LifecycleHandlerInput | undefined = context.container.lifecycle?.preStop;
  if (!hook) return undefined;
  const path = [...context.containerPath, 'lifecycle', 'preStop'];
  const present = (['sleep', 'httpGet', 'exec', 'tcpSocket'] as const).filter((h) => hook[h] !== undefined);
  if (present.length !== 1) {
    context.problems.at(
      context.document,
      path,
      `expected exactly one action (sleep or httpGet), got ${present.join(', ') || 'none'}`,
    );
    return undefined;
  }
  if (hook.sleep) return { type: 'sleep', seconds: hook.sleep.seconds };
  if (hook.httpGet) {
    const port = resolveContainerPort(hook.httpGet.port, [...path, 'httpGet', 'port'], context);
    return port === undefined ? undefined : { type: 'httpGet', path: hook.httpGet.path, port };
  }
  context.problems.at(
    context.document,
    [...path, present[0]!],
    `a ${present[0]} preStop action is not supported by the lab's local profile; use sleep (Kubernetes >= 1.30) or httpGet`,
  );
  return undefined;
}
