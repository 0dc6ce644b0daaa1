import type { DeploymentSpec } from '../../topology/model.js';

/** Where the lab serves each Service on loopback: `service name` → `service port` → local address. */
export type ServiceAddresses = Map<string, Map<number, { host: string; port: number }>>;

/**
 * The env a Deployment's pods get on top of the container's own: each variable that the
 * lab.dhakacart.dev/service-env annotation lists has its `<service>[.<namespace>...]:<port>` replaced by
 * the loopback address where the lab serves that Service (k8s/README.md, "Lab annotations"). The topology
 * loader has already checked that every listed variable names a Service and one of its ports.
 */
export function serviceEnvRewrites(
  spec: DeploymentSpec,
  addresses: ServiceAddresses,
): Record<string, string> {
  const rewrites: Record<string, string> = {};
  for (const name of spec.local.serviceEnv) {
    const value = spec.container.env[name];
    if (value === undefined) continue;
    rewrites[name] = rewriteAddress(value, addresses, `${spec.name} env ${name}`);
  }
  return rewrites;
}

function rewriteAddress(value: string, addresses: ServiceAddresses, where: string): string {
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) && URL.canParse(value);
  const [host, port] = isUrl ? [new URL(value).hostname, new URL(value).port] : value.split(':');
  const service = (host ?? '').split('.')[0] ?? '';
  const local = addresses.get(service)?.get(Number(port));
  if (!local) throw new Error(`${where}: the lab serves no Service "${service}" on port ${port}`);
  if (!isUrl) return `${local.host}:${local.port}`;
  const url = new URL(value);
  url.hostname = local.host;
  url.port = String(local.port);
  return url.toString();
}

/** The database credentials pods use, read from the first service-env URL that points at `service`. */
export function databaseCredentials(
  deployments: readonly DeploymentSpec[],
  service: string,
): { user: string; password: string; database: string } | undefined {
  for (const spec of deployments) {
    for (const name of spec.local.serviceEnv) {
      const value = spec.container.env[name];
      if (!value || !URL.canParse(value)) continue;
      const url = new URL(value);
      if (url.hostname.split('.')[0] !== service || !url.username) continue;
      return {
        user: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
        database: decodeURIComponent(url.pathname.slice(1)),
      };
    }
  }
  return undefined;
}
