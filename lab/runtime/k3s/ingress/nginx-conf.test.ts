import type { V1Ingress, V1IngressClass } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot } from './cluster-state.js';
import { renderNginxConf, type NginxRenderOptions } from './nginx-conf.js';
import { endpointSlices, labIngressClass, labOverlayIngress, shopServices } from './test/shop-objects.js';

const options: NginxRenderOptions = {
  listen: { port: 8080 },
  advertisedPort: 80,
  statusPort: 10246,
  runDir: '/tmp/nginx',
};

function shopSnapshot(overrides: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  return {
    ingressClasses: [labIngressClass()],
    ingresses: [labOverlayIngress()],
    services: shopServices(),
    endpointSlices: [
      ...endpointSlices('backend', [
        { ip: '10.244.0.12', port: 3000 },
        { ip: '10.244.0.11', port: 3000 },
        { ip: '10.244.0.13', port: 3000, ready: false },
      ]),
      ...endpointSlices('frontend', [{ ip: '10.244.0.21', port: 8080 }]),
    ],
    ...overrides,
  };
}

/** The text of `location <match> { ... }` in the rendered configuration. */
function location(text: string, match: string): string {
  const start = text.indexOf(`        location ${match} {\n`);
  if (start === -1) throw new Error(`no location ${match} in:\n${text}`);
  return text.slice(start, text.indexOf('\n        }\n', start) + 10);
}

function upstream(text: string, name: string): string {
  const start = text.indexOf(`    upstream ${name} {\n`);
  if (start === -1) throw new Error(`no upstream ${name}`);
  return text.slice(start, text.indexOf('\n    }\n', start) + 6);
}

/** The shop's locations in file order (nginx's own status server, rendered last, left out). */
const locationsInOrder = (text: string): string[] =>
  [...text.slice(0, text.indexOf('listen 127.0.0.1:')).matchAll(/^ {8}location (.+) \{$/gm)].map(
    (m) => m[1]!,
  );

function ingress(
  name: string,
  paths: { path: string; pathType: string; service: string }[],
  extra: Partial<V1Ingress['metadata']> = {},
): V1Ingress {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: 'dhakacart', creationTimestamp: new Date('2026-12-04T00:00:00Z'), ...extra },
    spec: {
      ingressClassName: 'nginx',
      rules: [
        {
          http: {
            paths: paths.map((p) => ({
              path: p.path,
              pathType: p.pathType,
              backend: { service: { name: p.service, port: { name: 'http' } } },
            })),
          },
        },
      ],
    },
  };
}

describe('renderNginxConf on the shop’s Ingress (k8s/overlays/lab)', () => {
  const rendered = renderNginxConf(shopSnapshot(), options);
  const text = rendered.text;

  it('routes /api to the backend and everything else to the storefront, longest path first', () => {
    // Prefix /api is element-wise: the exact /api plus the /api/ prefix, never /apix.
    expect(locationsInOrder(text)).toEqual(['/api/', '= /api', '/']);
    expect(location(text, '= /api')).toContain('proxy_pass http://dhakacart-backend-http;');
    expect(location(text, '/api/')).toContain('proxy_pass http://dhakacart-backend-http;');
    expect(location(text, '/')).toContain('proxy_pass http://dhakacart-frontend-http;');
    // The lab overlay drops the host: the rules land on the catch-all server.
    expect(text).toMatch(/listen 8080 default_server;\n\s+server_name _;/);
  });

  it('sends to the ready pods’ own addresses and target ports, not the Service', () => {
    expect(upstream(text, 'dhakacart-backend-http')).toBe(
      [
        '    upstream dhakacart-backend-http {',
        '        server 10.244.0.11:3000 max_fails=0 fail_timeout=0;',
        '        server 10.244.0.12:3000 max_fails=0 fail_timeout=0;',
        '        keepalive 320;',
        '        keepalive_timeout 60s;',
        '        keepalive_requests 10000;',
        '    }',
      ].join('\n'),
    );
    expect(text).not.toContain('10.244.0.13');
    expect(upstream(text, 'dhakacart-frontend-http')).toContain('server 10.244.0.21:8080 ');
  });

  it('maps the retry, timeout and body-size annotations to nginx directives', () => {
    for (const match of ['= /api', '/api/', '/']) {
      const block = location(text, match);
      expect(block).toContain('proxy_next_upstream error timeout;');
      expect(block).toContain('proxy_next_upstream_tries 3;');
      expect(block).toContain('proxy_connect_timeout 5s;');
      expect(block).toContain('proxy_send_timeout 60s;');
      expect(block).toContain('proxy_read_timeout 60s;');
      expect(block).toContain('client_max_body_size 100k;');
      expect(block).not.toContain('return 308');
    }
  });

  it('passes the client’s address, scheme and host on like ingress-nginx', () => {
    const block = location(text, '/api/');
    expect(block).toContain('proxy_set_header Host $best_http_host;');
    expect(block).toContain('proxy_set_header X-Forwarded-For $remote_addr;');
    expect(block).toContain('proxy_set_header X-Real-IP $remote_addr;');
    expect(block).toContain('proxy_set_header X-Forwarded-Proto $pass_access_scheme;');
    expect(block).toContain('proxy_set_header X-Forwarded-Host $best_http_host;');
    expect(block).toContain('proxy_set_header X-Forwarded-Port $pass_port;');
    expect(block).toContain('proxy_set_header X-Request-ID $req_id;');
    // Clients come in on the Service's port 80, which the pod serves on 8080.
    expect(text).toMatch(/map \$pass_server_port \$pass_port \{\n\s+8080 80;/);
  });

  it('reports nothing for the shop’s annotations (ssl-redirect is known; cert-manager’s is not ours)', () => {
    expect(rendered.table.problems).toEqual([]);
  });

  it('is a pure function: the same objects in any order give the same text and checksum', () => {
    const snapshot = shopSnapshot();
    const shuffled = { ...snapshot, endpointSlices: [...snapshot.endpointSlices].reverse() };
    expect(renderNginxConf(shuffled, options).text).toBe(text);
    expect(text).toContain(`# Configuration checksum: ${rendered.checksum}`);
    expect(text).toContain(`return 200 "${rendered.checksum}";`);
  });
});

describe('renderNginxConf edge cases', () => {
  it('answers 503 where a Service has no ready endpoint, and keeps the other routes', () => {
    const { text, table } = renderNginxConf(
      shopSnapshot({
        endpointSlices: [
          ...endpointSlices('backend', [{ ip: '10.244.0.11', port: 3000, ready: false }]),
          ...endpointSlices('frontend', [{ ip: '10.244.0.21', port: 8080 }]),
        ],
      }),
      options,
    );
    expect(location(text, '/api/')).toContain('return 503;');
    expect(location(text, '/api/')).not.toContain('proxy_pass');
    expect(text).not.toContain('upstream dhakacart-backend-http');
    expect(location(text, '/')).toContain('proxy_pass http://dhakacart-frontend-http;');
    expect(table.problems.map((p) => p.message)).toContain(
      '_/api: service dhakacart/backend port http: no ready endpoints; answering 503',
    );
  });

  it('answers 503 for a Service that does not exist or lacks the named port', () => {
    const { text } = renderNginxConf(
      shopSnapshot({ services: [shopServices()[1]!], endpointSlices: [] }),
      options,
    );
    expect(location(text, '/api/')).toContain('return 503;');
    expect(location(text, '/')).toContain('return 503;');
  });

  it('uses the EndpointSlice’s port (the pod’s targetPort), matched by the Service port’s name', () => {
    const services = shopServices();
    services[0]!.spec!.ports = [
      { name: 'metrics', port: 9100, targetPort: 9100 },
      { name: 'http', port: 80, targetPort: 'http' },
    ];
    const { text } = renderNginxConf(
      shopSnapshot({
        services,
        endpointSlices: [
          ...endpointSlices('backend', [{ ip: '10.244.0.11', port: 9100 }], { portName: 'metrics' }),
          ...endpointSlices('backend', [{ ip: '10.244.0.11', port: 3000 }]),
        ],
      }),
      options,
    );
    expect(upstream(text, 'dhakacart-backend-http')).toContain('server 10.244.0.11:3000 ');
    expect(upstream(text, 'dhakacart-backend-http')).not.toContain(':9100');
  });

  it('orders locations longest first, the exact one before the prefix of the same path', () => {
    const { text } = renderNginxConf(
      shopSnapshot({
        ingresses: [
          ingress('paths', [
            { path: '/', pathType: 'Prefix', service: 'frontend' },
            { path: '/api', pathType: 'Prefix', service: 'backend' },
            { path: '/api/orders/export', pathType: 'Exact', service: 'backend' },
            { path: '/api/orders', pathType: 'Prefix', service: 'backend' },
            { path: '/static/', pathType: 'Prefix', service: 'frontend' },
            { path: '/legacy', pathType: 'ImplementationSpecific', service: 'frontend' },
          ]),
        ],
      }),
      options,
    );
    expect(locationsInOrder(text)).toEqual([
      '= /api/orders/export',
      '/api/orders/',
      '= /api/orders',
      '/static/',
      '/legacy',
      '/api/',
      '= /api',
      '/',
    ]);
  });

  it('adds a 404 catch-all where no rule serves /, as ingress-nginx’s default backend', () => {
    const { text } = renderNginxConf(
      shopSnapshot({
        ingresses: [ingress('api-only', [{ path: '/api', pathType: 'Prefix', service: 'backend' }])],
      }),
      options,
    );
    expect(location(text, '/')).toContain('return 404;');
  });

  it('ignores unknown nginx.ingress.kubernetes.io annotations, reporting each', () => {
    const plain = labOverlayIngress();
    const annotated = labOverlayIngress();
    annotated.metadata!.annotations!['nginx.ingress.kubernetes.io/rewrite-target'] = '/$2';
    annotated.metadata!.annotations!['nginx.ingress.kubernetes.io/configuration-snippet'] = 'deny all;';
    annotated.metadata!.annotations!['example.com/unrelated'] = 'x';
    const before = renderNginxConf(shopSnapshot({ ingresses: [plain] }), options);
    const after = renderNginxConf(shopSnapshot({ ingresses: [annotated] }), options);
    expect(after.text).toBe(before.text);
    expect(after.table.problems).toEqual([
      {
        ingress: 'dhakacart/dhakacart',
        message: 'annotation nginx.ingress.kubernetes.io/configuration-snippet is not supported; ignored',
      },
      {
        ingress: 'dhakacart/dhakacart',
        message: 'annotation nginx.ingress.kubernetes.io/rewrite-target is not supported; ignored',
      },
    ]);
  });

  it('keeps the default for an annotation value ingress-nginx would reject, reporting it', () => {
    const shop = labOverlayIngress();
    shop.metadata!.annotations!['nginx.ingress.kubernetes.io/proxy-read-timeout'] = '60s';
    shop.metadata!.annotations!['nginx.ingress.kubernetes.io/proxy-next-upstream'] = 'error sometimes';
    const { text, table } = renderNginxConf(shopSnapshot({ ingresses: [shop] }), options);
    expect(location(text, '/')).toContain('proxy_read_timeout 60s;');
    expect(location(text, '/')).toContain('proxy_next_upstream error timeout;');
    expect(table.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('proxy-next-upstream="error sometimes" unsupported token(s) "sometimes"'),
      expect.stringContaining('proxy-read-timeout="60s" must be a whole number of seconds'),
    ]);
  });

  it('maps other annotation values: tries, timeouts, body size and a forced HTTPS redirect', () => {
    const shop = labOverlayIngress();
    Object.assign(shop.metadata!.annotations!, {
      'nginx.ingress.kubernetes.io/proxy-next-upstream': 'error timeout http_503 non_idempotent',
      'nginx.ingress.kubernetes.io/proxy-next-upstream-tries': '5',
      'nginx.ingress.kubernetes.io/proxy-connect-timeout': '2',
      'nginx.ingress.kubernetes.io/proxy-body-size': '8m',
      'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true',
    });
    const block = location(renderNginxConf(shopSnapshot({ ingresses: [shop] }), options).text, '/api/');
    expect(block).toContain('proxy_next_upstream error timeout http_503 non_idempotent;');
    expect(block).toContain('proxy_next_upstream_tries 5;');
    expect(block).toContain('proxy_connect_timeout 2s;');
    expect(block).toContain('client_max_body_size 8m;');
    expect(block).toContain('return 308 https://$best_http_host$request_uri;');
  });

  it('serves only Ingresses of a class whose IngressClass names this controller', () => {
    const other: V1IngressClass = {
      metadata: { name: 'traefik' },
      spec: { controller: 'traefik.io/ingress-controller' },
    };
    const theirs = ingress('theirs', [{ path: '/theirs', pathType: 'Prefix', service: 'backend' }]);
    theirs.spec!.ingressClassName = 'traefik';
    const legacy = ingress('legacy', [{ path: '/legacy', pathType: 'Exact', service: 'backend' }]);
    delete legacy.spec!.ingressClassName;
    legacy.metadata!.annotations = { 'kubernetes.io/ingress.class': 'nginx' };
    const classless = ingress('classless', [{ path: '/classless', pathType: 'Exact', service: 'backend' }]);
    delete classless.spec!.ingressClassName;
    const { text } = renderNginxConf(
      shopSnapshot({
        ingressClasses: [labIngressClass(), other],
        ingresses: [labOverlayIngress(), theirs, legacy, classless],
      }),
      options,
    );
    expect(text).not.toContain('/theirs');
    expect(text).not.toContain('/classless');
    expect(text).toContain('location = /legacy {');
    expect(renderNginxConf(shopSnapshot({ ingressClasses: [other] }), options).text).not.toContain(
      'location /api/',
    );
  });

  it('gives each rule host its own server, and the older Ingress a contested path', () => {
    const hosted = ingress('hosted', [{ path: '/', pathType: 'Prefix', service: 'frontend' }]);
    hosted.spec!.rules![0]!.host = 'shop.example.com';
    const newer = ingress('newer', [{ path: '/api', pathType: 'Prefix', service: 'frontend' }], {
      creationTimestamp: new Date('2026-12-05T00:00:00Z'),
    });
    const { text, table } = renderNginxConf(
      shopSnapshot({ ingresses: [newer, hosted, labOverlayIngress()] }),
      options,
    );
    expect(text).toMatch(/listen 8080;\n\s+server_name shop\.example\.com;/);
    expect(location(text, '/api/')).toContain('set $ingress_name "dhakacart";');
    expect(table.problems.map((p) => p.message)).toContain(
      '_ location /api/ is already served by Ingress dhakacart/dhakacart (the older one wins)',
    );
  });

  it('skips a path nginx could not take literally', () => {
    const { text, table } = renderNginxConf(
      shopSnapshot({
        ingresses: [ingress('odd', [{ path: '/a;b{', pathType: 'Prefix', service: 'backend' }])],
      }),
      options,
    );
    expect(text).not.toContain('/a;b');
    expect(table.problems[0]?.message).toContain('skipped');
  });
});
