import { describe, expect, it } from 'vitest';
import type { IngressRoute } from '../../../topology/model.js';
import { IngressRouter } from './ingress-routes.js';

const route = (path: string, pathType: IngressRoute['pathType'], service: string): IngressRoute => ({
  path,
  pathType,
  service,
  servicePort: 80,
});

describe('IngressRouter', () => {
  const router = new IngressRouter([
    route('/', 'Prefix', 'frontend'),
    route('/api', 'Prefix', 'backend'),
    route('/api/admin/', 'Prefix', 'admin'),
    route('/healthz', 'Exact', 'probe'),
    route('/api/status', 'Exact', 'status'),
    route('/api/status', 'Prefix', 'status-prefix'),
  ]);
  const serviceFor = (target: string): string | undefined => router.match(target)?.service;

  it('matches a Prefix path element by element: /api matches /api and /api/x, not /apix', () => {
    expect(serviceFor('/api')).toBe('backend');
    expect(serviceFor('/api/')).toBe('backend');
    expect(serviceFor('/api/products/7')).toBe('backend');
    expect(serviceFor('/apix')).toBe('frontend');
    expect(serviceFor('/API')).toBe('frontend');
  });

  it('prefers the longest matching path, whatever the rule order', () => {
    expect(serviceFor('/api/admin/users')).toBe('admin');
    expect(serviceFor('/api/adminx')).toBe('backend');
  });

  it('ignores a trailing slash in a Prefix rule (/api/admin/ matches /api/admin)', () => {
    expect(serviceFor('/api/admin')).toBe('admin');
  });

  it('matches an Exact path only as a whole, and prefers it to a Prefix of the same path', () => {
    expect(serviceFor('/healthz')).toBe('probe');
    expect(serviceFor('/healthz/')).toBe('frontend');
    expect(serviceFor('/api/status')).toBe('status');
    expect(serviceFor('/api/status/db')).toBe('status-prefix');
  });

  it('leaves the query string out of the match', () => {
    expect(serviceFor('/api?x=/y')).toBe('backend');
    expect(serviceFor('/healthz?verbose=1')).toBe('probe');
  });

  it('matches nothing when no rule covers the path', () => {
    const apiOnly = new IngressRouter([route('/api', 'Prefix', 'backend')]);
    expect(apiOnly.match('/')).toBeUndefined();
    expect(apiOnly.match('/apix')).toBeUndefined();
  });
});
