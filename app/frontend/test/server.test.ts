import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFrontend, type StartedFrontend } from './support/in-process-frontend.js';

const publicDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public');

describe('storefront server', () => {
  let frontend: StartedFrontend;
  beforeAll(async () => {
    frontend = await startFrontend();
  });
  afterAll(async () => {
    await frontend?.close();
  });

  const get = (pathname: string, init?: RequestInit) => fetch(`${frontend.url}${pathname}`, init);

  it('answers /healthz with 200 {"status":"ok"}', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('exposes Prometheus metrics for the ServiceMonitor: request durations by route kind and readiness', async () => {
    await get('/');
    await get('/config.json');
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*route="page"[^}]*\} [1-9]/);
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/config.json"[^}]*\} [1-9]/);
    expect(text).toContain('dhakacart_ready 1');
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('serves the runtime config with the default API base URL /api, never cached', async () => {
    const res = await get('/config.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ apiBaseUrl: '/api' });
  });

  it.each([
    ['/', 'text/html'],
    ['/styles.css', 'text/css'],
    ['/js/main.js', 'text/javascript'],
    ['/js/views/checkout.js', 'text/javascript'],
    ['/favicon.svg', 'image/svg+xml'],
    ['/fonts/taka-sign-regular.woff', 'font/woff'],
  ])('serves %s as %s', async (pathname, type) => {
    const res = await get(pathname);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(type);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('makes browsers revalidate index.html and the unhashed modules, so a release is picked up at once', async () => {
    for (const pathname of ['/', '/js/main.js', '/styles.css']) {
      const res = await get(pathname);
      expect(res.headers.get('cache-control'), pathname).toBe('no-cache');
    }
    expect((await get('/fonts/taka-sign-bold.woff')).headers.get('cache-control')).toBe(
      'public, max-age=86400',
    );
    const first = await get('/js/main.js');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    // An explicit Cache-Control stops fetch from adding `no-cache`, which would forbid a 304.
    const again = await get('/js/main.js', {
      headers: { 'If-None-Match': etag ?? '', 'Cache-Control': 'max-age=0' },
    });
    expect(again.status).toBe(304);
  });

  it.each(['/products/42', '/orders', '/orders/7', '/login', '/cart'])(
    'answers the client-side route %s with index.html',
    async (pathname) => {
      const res = await get(pathname);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<script type="module" src="/js/main.js"></script>');
    },
  );

  it('answers a missing file that has an extension with 404, not with index.html', async () => {
    for (const pathname of ['/js/missing.js', '/images/nothing.png', '/styles.min.css']) {
      const res = await get(pathname);
      expect(res.status, pathname).toBe(404);
      expect(res.headers.get('content-type'), pathname).not.toContain('text/html');
    }
  });

  it('does not answer non-GET requests to page routes with the page', async () => {
    const res = await get('/orders', { method: 'POST' });
    expect(res.status).toBe(404);
  });

  it('explains, as an API-shaped 404, that /api belongs to the backend', async () => {
    const res = await get('/api/products');
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).toContain('API_BASE_URL');
  });

  it('sends a strict CSP and the other security headers on every response', async () => {
    for (const pathname of ['/', '/products/1', '/js/main.js', '/config.json']) {
      const res = await get(pathname);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, pathname).toContain("default-src 'self'");
      expect(csp, pathname).toContain("script-src 'self'");
      expect(csp, pathname).toContain("style-src 'self'");
      expect(csp, pathname).toContain("connect-src 'self'");
      expect(csp, pathname).toContain("object-src 'none'");
      expect(csp, pathname).toContain("frame-ancestors 'none'");
      expect(csp, pathname).not.toContain('unsafe-inline');
      expect(csp, pathname).not.toContain('unsafe-eval');
      expect(res.headers.get('x-frame-options'), pathname).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy'), pathname).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('x-powered-by'), pathname).toBeNull();
      expect(res.headers.get('x-request-id'), pathname).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('reports ready, then 503 "draining" once draining starts, while staying alive', async () => {
    const other = await startFrontend();
    try {
      const ready = await fetch(`${other.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });

      other.server.startDraining();
      const draining = await fetch(`${other.url}/readyz`);
      expect(draining.status).toBe(503);
      expect(await draining.json()).toEqual({ status: 'not_ready', reason: 'draining' });
      expect(draining.headers.get('connection')).toBe('close');
      expect((await fetch(`${other.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${other.url}/`)).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('storefront server with an API on another origin', () => {
  it('hands the absolute API_BASE_URL to the page and allows exactly that origin in the CSP', async () => {
    const frontend = await startFrontend({ API_BASE_URL: 'https://api.dhakacart.example:8443/api/' });
    try {
      const config = await fetch(`${frontend.url}/config.json`);
      expect(await config.json()).toEqual({ apiBaseUrl: 'https://api.dhakacart.example:8443/api' });
      const csp = (await fetch(`${frontend.url}/`)).headers.get('content-security-policy') ?? '';
      const directive = (name: string) => csp.split(';').find((d) => d.trim().startsWith(`${name} `));
      expect(directive('connect-src')).toBe("connect-src 'self' https://api.dhakacart.example:8443");
      expect(directive('script-src')).toBe("script-src 'self'");
    } finally {
      await frontend.close();
    }
  });

  it('keeps the API out of connect-src when API_BASE_URL is a path on the same origin', async () => {
    const frontend = await startFrontend({ API_BASE_URL: '/shop-api' });
    try {
      expect(await (await fetch(`${frontend.url}/config.json`)).json()).toEqual({ apiBaseUrl: '/shop-api' });
      const csp = (await fetch(`${frontend.url}/`)).headers.get('content-security-policy') ?? '';
      expect(csp).toContain("connect-src 'self';");
    } finally {
      await frontend.close();
    }
  });
});

describe('storefront readiness that includes the backend (READY_CHECKS_BACKEND=true)', () => {
  it('is ready only while BACKEND_HEALTH_URL answers 2xx', async () => {
    // A stand-in for the backend's /readyz: the frontend only looks at the status code.
    let backendStatus = 200;
    const backend = createServer((_req, res) => res.writeHead(backendStatus).end());
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    const backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}/readyz`;
    const frontend = await startFrontend({ READY_CHECKS_BACKEND: 'true', BACKEND_HEALTH_URL: backendUrl });
    try {
      expect((await fetch(`${frontend.url}/readyz`)).status).toBe(200);
      backendStatus = 503;
      const down = await fetch(`${frontend.url}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: 'not_ready', reason: 'backend_unreachable' });
      await new Promise<void>((resolve) => backend.close(() => resolve()));
      expect((await fetch(`${frontend.url}/readyz`)).status).toBe(503);
      expect((await fetch(`${frontend.url}/healthz`)).status).toBe(200);
    } finally {
      backend.close();
      await frontend.close();
    }
  });
});

describe('storefront files satisfy the strict CSP', () => {
  const indexHtml = readFileSync(path.join(publicDir, 'index.html'), 'utf8');
  const scripts = listFiles(publicDir).filter((file) => file.endsWith('.js'));

  it('index.html has no inline script, inline style, event-handler attribute or remote asset', () => {
    const scriptTags = indexHtml.match(/<script\b[^>]*>[\s\S]*?<\/script>/gi) ?? [];
    expect(scriptTags.length).toBeGreaterThan(0);
    for (const tag of scriptTags) {
      expect(tag, 'every <script> loads a file').toMatch(/\ssrc="\/[^"]+"/);
      expect(
        tag
          .replace(/<script\b[^>]*>/i, '')
          .replace(/<\/script>$/i, '')
          .trim(),
        'script body',
      ).toBe('');
    }
    expect(indexHtml).not.toMatch(/<style\b/i);
    expect(indexHtml).not.toMatch(/\sstyle=/i);
    expect(indexHtml).not.toMatch(/\son[a-z]+=/i);
    expect(indexHtml).not.toMatch(/(src|href)="(https?:)?\/\//i);
  });

  it('no module uses eval, inline styles or HTML strings', () => {
    expect(scripts.length).toBeGreaterThan(5);
    for (const file of scripts) {
      const source = readFileSync(file, 'utf8');
      const name = path.relative(publicDir, file);
      expect(source, name).not.toMatch(/\beval\(|new Function\(/);
      expect(source, name).not.toMatch(/\.style\.|setAttribute\(\s*['"]style['"]/);
      expect(source, name).not.toMatch(/\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML/);
      expect(source, name).not.toMatch(/from\s+['"]https?:/);
    }
  });

  it('every module import points at a file the server serves as JavaScript', async () => {
    const frontend = await startFrontend();
    try {
      for (const file of scripts) {
        const source = readFileSync(file, 'utf8');
        for (const [, specifier] of source.matchAll(/^import\s[^;]*?from\s+'([^']+)';/gm)) {
          expect(specifier, `${path.relative(publicDir, file)} imports a relative file`).toMatch(/^\.\.?\//);
          const url = new URL(specifier ?? '', `${frontend.url}/${path.relative(publicDir, file)}`);
          const res = await fetch(url);
          expect(res.status, url.pathname).toBe(200);
          expect(res.headers.get('content-type'), url.pathname).toContain('text/javascript');
        }
      }
    } finally {
      await frontend.close();
    }
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}
