import type { V1Ingress, V1IngressBackend } from '@kubernetes/client-node';
import { parseIngressAnnotations, type ProxySettings } from './annotations.js';
import type { ClusterSnapshot } from './cluster-state.js';
import { controllerName, servedIngresses } from './ingress-classes.js';
import { resolveBackend, type Upstream } from './upstreams.js';

/** One nginx `location`. */
export interface RouteLocation {
  /** nginx's location argument: `= /api` (exact) or `/api/` (prefix). */
  match: string;
  /** The Ingress path and pathType it came from. */
  path: string;
  pathType: string;
  ingress: { namespace: string; name: string };
  service: { name: string; port: string };
  /** The upstream to proxy to; undefined when the location answers 503 (see `reason`). */
  upstream: string | undefined;
  reason: string | undefined;
  settings: ProxySettings;
}

export interface VirtualServer {
  /** The rule's host, or `_` for rules without one (nginx's catch-all server). */
  hostname: string;
  locations: RouteLocation[];
}

export interface RouteProblem {
  ingress: string;
  message: string;
}

export interface RouteTable {
  servers: VirtualServer[];
  upstreams: Upstream[];
  /** What the controller logs: unknown or invalid annotations, backends without endpoints, conflicts. */
  problems: RouteProblem[];
}

/**
 * The nginx locations for one Ingress path, as ingress-nginx writes them. Kubernetes' Prefix matches
 * whole path elements (`/api` matches `/api` and `/api/x`, not `/apix`), which nginx says with an exact
 * location for the path plus a prefix location for the path and a slash. ImplementationSpecific is
 * nginx's plain prefix, as in ingress-nginx.
 */
function nginxMatches(path: string, pathType: string): string[] {
  if (pathType === 'Exact') return [`= ${path}`];
  if (pathType === 'ImplementationSpecific' || path.endsWith('/')) return [path];
  return [`= ${path}`, `${path}/`];
}

/**
 * Paths written into nginx.conf as they are. ingress-nginx's strict path validation refuses the rest
 * too: a `;`, brace, quote or space in a location would change the configuration's meaning.
 */
const safePath = /^\/[A-Za-z0-9/_.~%:@!&*+,=-]*$/;

/** ingress-nginx's order: longer paths first (`/api/` before `= /api`), exact before prefix on a tie. */
function byMatchOrder(a: RouteLocation, b: RouteLocation): number {
  const pathA = a.match.replace(/^= /, '');
  const pathB = b.match.replace(/^= /, '');
  return pathB.length - pathA.length || Number(b.match.startsWith('= ')) - Number(a.match.startsWith('= '));
}

export function buildRouteTable(snapshot: ClusterSnapshot, controller = controllerName): RouteTable {
  const servers = new Map<string, Map<string, RouteLocation>>();
  const upstreams = new Map<string, Upstream>();
  const problems: RouteProblem[] = [];

  const addLocation = (
    ingress: V1Ingress,
    host: string,
    path: string,
    pathType: string,
    backend: V1IngressBackend,
    settings: ProxySettings,
  ): void => {
    const namespace = ingress.metadata?.namespace ?? 'default';
    const ingressName = `${namespace}/${ingress.metadata?.name}`;
    if (!safePath.test(path)) {
      problems.push({
        ingress: ingressName,
        message: `${host}${path}: path has characters nginx cannot take unquoted; skipped`,
      });
      return;
    }
    const locations = servers.get(host) ?? new Map<string, RouteLocation>();
    servers.set(host, locations);
    const service = backend.service;
    const resolved = service
      ? resolveBackend(namespace, service, snapshot.services, snapshot.endpointSlices)
      : { reason: 'only Service backends are supported (spec.rules[].http.paths[].backend.resource is not)' };
    if (resolved.upstream) upstreams.set(resolved.upstream.name, resolved.upstream);
    else
      problems.push({ ingress: ingressName, message: `${host}${path}: ${resolved.reason}; answering 503` });
    for (const match of nginxMatches(path, pathType)) {
      const existing = locations.get(match);
      if (existing) {
        problems.push({
          ingress: ingressName,
          message: `${host} location ${match} is already served by Ingress ${existing.ingress.namespace}/${existing.ingress.name} (the older one wins)`,
        });
        continue;
      }
      locations.set(match, {
        match,
        path,
        pathType,
        ingress: { namespace, name: ingress.metadata?.name ?? '' },
        service: {
          name: service?.name ?? '',
          port: String(service?.port?.name ?? service?.port?.number ?? ''),
        },
        upstream: resolved.upstream?.name,
        reason: resolved.reason,
        settings,
      });
    }
  };

  for (const ingress of servedIngresses(snapshot, controller)) {
    const ingressName = `${ingress.metadata?.namespace}/${ingress.metadata?.name}`;
    const { settings, unknown, invalid } = parseIngressAnnotations(ingress.metadata?.annotations);
    for (const annotation of unknown) {
      problems.push({ ingress: ingressName, message: `annotation ${annotation} is not supported; ignored` });
    }
    for (const { annotation, value, reason } of invalid) {
      problems.push({
        ingress: ingressName,
        message: `annotation ${annotation}="${value}" ${reason}; using the default`,
      });
    }
    for (const rule of ingress.spec?.rules ?? []) {
      for (const p of rule.http?.paths ?? []) {
        addLocation(ingress, rule.host ?? '_', p.path ?? '/', p.pathType, p.backend, settings);
      }
    }
    // spec.defaultBackend serves whatever no rule matched, on the catch-all server (ingress-nginx).
    if (ingress.spec?.defaultBackend && !servers.get('_')?.has('/')) {
      addLocation(ingress, '_', '/', 'ImplementationSpecific', ingress.spec.defaultBackend, settings);
    }
  }

  servers.set('_', servers.get('_') ?? new Map());
  return {
    servers: [...servers.entries()]
      .sort(([a], [b]) => (a === '_' ? -1 : b === '_' ? 1 : a.localeCompare(b)))
      .map(([hostname, locations]) => ({ hostname, locations: [...locations.values()].sort(byMatchOrder) })),
    upstreams: [...upstreams.values()].sort((a, b) => a.name.localeCompare(b.name)),
    problems,
  };
}
