import { ANNOTATIONS_PATH, LAB_ANNOTATIONS_DOC, LAB_PREFIX } from './lab-annotations.js';
import type { ManifestDocument } from './manifest-document.js';
import type { DeploymentSpec, ServiceSpec } from './model.js';
import type { ProblemList } from './problem-list.js';

/** `<service>[.<namespace>...]:<port>` inside a URL (`postgres://u:p@postgres:5432/db`) or on its own. */
export function serviceAddress(value: string): { host: string; port: string } | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && URL.canParse(value)) {
    const url = new URL(value);
    return { host: url.hostname, port: url.port };
  }
  const match = /^([^:/\s]+):(\d+)$/.exec(value);
  return match ? { host: match[1] ?? '', port: match[2] ?? '' } : undefined;
}

/**
 * Every env var that lab.dhakacart.dev/service-env lists must be set and name a Service of the
 * manifests by host and port, because the lab rewrites exactly that host:port to where it serves the
 * Service. Messages name the host and port only: the value may carry a password.
 */
export function checkServiceEnv(
  document: ManifestDocument,
  deployment: DeploymentSpec,
  services: readonly ServiceSpec[],
  namespace: string,
  problems: ProblemList,
): void {
  const path = [...ANNOTATIONS_PATH, `${LAB_PREFIX}service-env`];
  const report = (message: string) => problems.at(document, path, message, LAB_ANNOTATIONS_DOC);
  for (const name of deployment.local.serviceEnv) {
    const value = deployment.container.env[name];
    if (value === undefined) {
      report(`lists ${name}, which the container's env does not set`);
      continue;
    }
    const address = serviceAddress(value);
    if (!address || address.port === '') {
      report(`${name} does not hold <service>:<port> (a URL with an explicit port, or host:port)`);
      continue;
    }
    const [serviceName, serviceNamespace] = address.host.split('.');
    const service = services.find((s) => s.name === serviceName);
    if (!service || (serviceNamespace !== undefined && serviceNamespace !== namespace)) {
      report(
        `${name} points at host "${address.host}", which is not a Service in namespace ${namespace} (Services: ${services.map((s) => s.name).join(', ')})`,
      );
    } else if (!service.ports.some((p) => p.port === Number(address.port))) {
      report(
        `${name} points at ${serviceName}:${address.port}, but Service "${serviceName}" listens on ${service.ports.map((p) => p.port).join(', ')}`,
      );
    }
  }
}
