import type { IngressRoute } from '../../../topology/model.js';

/**
 * Matches a request path to an Ingress rule the way Kubernetes defines it (and ingress-nginx serves
 * it): `Exact` is the whole path, case-sensitive; `Prefix` matches element by element on `/`, so
 * `/api` matches `/api` and `/api/x` but not `/apix`, and a trailing slash in the rule is ignored.
 * Among several matches the longest path wins, and on a tie `Exact` beats `Prefix`.
 */
export class IngressRouter {
  readonly #routes: { route: IngressRoute; prefix: string }[];

  constructor(routes: readonly IngressRoute[]) {
    this.#routes = routes
      .map((route) => ({ route, prefix: route.path === '/' ? '/' : route.path.replace(/\/+$/, '') }))
      .sort(
        (a, b) =>
          b.route.path.length - a.route.path.length ||
          Number(b.route.pathType === 'Exact') - Number(a.route.pathType === 'Exact'),
      );
  }

  /** The route for a request target (`/api/products?limit=5`: the query is not part of the match). */
  match(target: string): IngressRoute | undefined {
    const queryAt = target.indexOf('?');
    const path = queryAt === -1 ? target : target.slice(0, queryAt);
    for (const { route, prefix } of this.#routes) {
      if (route.pathType === 'Exact') {
        if (path === route.path) return route;
      } else if (prefix === '/' || path === prefix || path.startsWith(`${prefix}/`)) {
        return route;
      }
    }
    return undefined;
  }
}
