import { replaceChildren } from './dom.js';

/**
 * A history-API router: real URLs (`/products/42`) that the server answers with index.html, same-
 * origin link clicks handled in the page, back/forward via popstate. Each navigation aborts the
 * previous view's requests, renders the matched view into `outlet`, sets the title, and moves focus
 * to the new page's heading so keyboard and screen-reader users know the page changed.
 *
 * @typedef {{ params: Record<string, string>, query: URLSearchParams, signal: AbortSignal, path: string }} RouteContext
 * @typedef {{ title: string, node: Node }} Rendered
 * @typedef {{ path: string, view: (ctx: RouteContext) => Promise<Rendered>, requiresAuth?: boolean }} Route
 */

/**
 * @param {{
 *   routes: Route[],
 *   notFound: (ctx: RouteContext) => Promise<Rendered>,
 *   outlet: HTMLElement,
 *   isSignedIn: () => boolean,
 *   renderError: (error: unknown, retry: () => void) => Rendered,
 *   afterRender?: () => void,
 * }} options
 */
export function createRouter({ routes, notFound, outlet, isSignedIn, renderError, afterRender }) {
  const compiled = routes.map((route) => ({ route, ...compile(route.path) }));
  /** @type {AbortController | undefined} */
  let current;
  let firstRender = true;

  /** @param {string} url @param {{ replace?: boolean }} [options] */
  function navigate(url, { replace = false } = {}) {
    if (replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    void render();
  }

  async function render() {
    current?.abort();
    const controller = new AbortController();
    current = controller;

    const path = location.pathname;
    const query = new URLSearchParams(location.search);
    const match = matchRoute(compiled, path);
    if (match?.route.requiresAuth && !isSignedIn()) {
      navigate(`/login?next=${encodeURIComponent(path + location.search)}`, { replace: true });
      return;
    }

    outlet.setAttribute('aria-busy', 'true');
    const ctx = { params: match?.params ?? {}, query, signal: controller.signal, path };
    /** @type {Rendered} */
    let rendered;
    try {
      rendered = await (match ? match.route.view(ctx) : notFound(ctx));
    } catch (error) {
      if (controller.signal.aborted) return;
      rendered = renderError(error, () => void render());
    }
    if (controller.signal.aborted) return;

    replaceChildren(outlet, rendered.node);
    outlet.removeAttribute('aria-busy');
    document.title = rendered.title ? `${rendered.title} · DhakaCart` : 'DhakaCart';
    afterRender?.();
    if (!firstRender) {
      window.scrollTo(0, 0);
      const heading = outlet.querySelector('h1');
      (heading ?? outlet).setAttribute('tabindex', '-1');
      /** @type {HTMLElement} */ (heading ?? outlet).focus();
    }
    firstRender = false;
  }

  /** Same-origin link clicks become in-page navigations; anything else is left to the browser. */
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = /** @type {Element} */ (event.target).closest?.('a[href]');
    if (!(link instanceof HTMLAnchorElement) || link.target || link.hasAttribute('download')) return;
    const url = new URL(link.href);
    if (url.origin !== location.origin || url.hash) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  window.addEventListener('popstate', () => void render());

  return { navigate, render };
}

/** @param {string} pattern e.g. `/orders/:id` */
function compile(pattern) {
  const names = [];
  const source = pattern
    .split('/')
    .map((part) => {
      if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(part.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { regex: new RegExp(`^${source}/?$`), names };
}

/** @param {{ route: Route, regex: RegExp, names: string[] }[]} compiled @param {string} path */
function matchRoute(compiled, path) {
  for (const { route, regex, names } of compiled) {
    const found = regex.exec(path);
    if (!found) continue;
    /** @type {Record<string, string>} */
    const params = {};
    names.forEach((name, i) => {
      params[name] = decodeURIComponent(found[i + 1] ?? '');
    });
    return { route, params };
  }
  return undefined;
}
