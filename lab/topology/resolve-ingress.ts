import { readUpstreamPolicy } from './ingress-annotations.js';
import type { IngressRoute, IngressSpec, ServiceSpec } from './model.js';
import type { Parsed } from './parse-objects.js';
import type { ProblemList } from './problem-list.js';
import type { IngressInput } from './schemas.js';

/**
 * nginx checks exact locations before prefix ones, and among prefixes the longest match wins; sorting
 * that way lets the ingress proxy take the first route that matches.
 */
export function compareRoutes(a: IngressRoute, b: IngressRoute): number {
  if (a.pathType !== b.pathType) return a.pathType === 'Exact' ? -1 : 1;
  return b.path.length - a.path.length;
}

/**
 * The Ingress as routes (rules of every host merged: the lab serves one origin on loopback), each to a
 * known Service port by number, plus the upstream policy from its annotations.
 */
export function resolveIngress(
  parsed: Parsed<IngressInput>,
  services: readonly ServiceSpec[],
  invalid: ReadonlySet<string>,
  problems: ProblemList,
): IngressSpec {
  const { document, object } = parsed;
  if (object.spec.defaultBackend !== undefined) {
    problems.at(
      document,
      ['spec', 'defaultBackend'],
      'is not supported by the lab\'s ingress; route "/" with pathType Prefix instead',
    );
  }
  const routes: IngressRoute[] = [];
  const seen = new Set<string>();
  object.spec.rules.forEach((rule, ruleIndex) => {
    rule.http.paths.forEach((entry, pathIndex) => {
      const path = ['spec', 'rules', ruleIndex, 'http', 'paths', pathIndex];
      if (entry.pathType === 'ImplementationSpecific') {
        problems.at(
          document,
          [...path, 'pathType'],
          "the lab's ingress matches Prefix and Exact paths only; expected Prefix or Exact",
        );
        return;
      }
      const { name, port } = entry.backend.service;
      const service = services.find((s) => s.name === name);
      if (!service) {
        if (!invalid.has(`Service/${name}`)) {
          problems.at(
            document,
            [...path, 'backend', 'service', 'name'],
            `routes to Service "${name}", which is not in the manifests (Services: ${services.map((s) => s.name).join(', ') || 'none'})`,
          );
        }
        return;
      }
      if ((port.name === undefined) === (port.number === undefined)) {
        problems.at(
          document,
          [...path, 'backend', 'service', 'port'],
          'expected exactly one of name and number',
        );
        return;
      }
      const servicePort = service.ports.find((p) =>
        port.name !== undefined ? p.name === port.name : p.port === port.number,
      );
      if (!servicePort) {
        const field = port.name !== undefined ? 'name' : 'number';
        const ports = service.ports.map((p) => (p.name ? `${p.name}=${p.port}` : String(p.port))).join(', ');
        problems.at(
          document,
          [...path, 'backend', 'service', 'port', field],
          `Service "${name}" has no port ${JSON.stringify(port.name ?? port.number)} (its ports: ${ports})`,
        );
        return;
      }
      const key = `${entry.pathType} ${entry.path}`;
      if (seen.has(key)) {
        problems.at(
          document,
          [...path, 'path'],
          `${key} is routed twice; the lab serves one origin, so hosts do not tell the routes apart`,
        );
        return;
      }
      seen.add(key);
      routes.push({
        path: entry.path,
        pathType: entry.pathType,
        service: name,
        servicePort: servicePort.port,
      });
    });
  });
  return {
    name: object.metadata.name,
    source: { file: document.file, resource: `Ingress/${object.metadata.name}` },
    routes: routes.sort(compareRoutes),
    upstream: readUpstreamPolicy(document, object.metadata.annotations ?? {}, problems),
  };
}
