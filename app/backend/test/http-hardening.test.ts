import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

const ALLOWED = 'https://shop.example.com';
type ErrorBody = { error: { code: string; message: string } };

/** Anything that would betray internals: stack frames, file paths, SQL or driver wording. */
const INTERNALS = /\bat \S+ \(|\.ts:\d+|\.js:\d+|node_modules|SELECT|INSERT|relation "|syntax error|pg_/i;

describe('HTTP hardening', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ seed: false, corsOrigins: [ALLOWED], bodyLimit: '1kb' });
  });
  afterAll(() => app?.close());

  const register = (body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
    fetch(`${app.baseUrl}/api/auth/register`, { method: 'POST', headers, body });

  describe('CORS', () => {
    it('grants an allowed origin, including its preflight', async () => {
      const preflight = await fetch(`${app.baseUrl}/api/orders`, {
        method: 'OPTIONS',
        headers: {
          Origin: ALLOWED,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization,content-type,idempotency-key',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
      expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
        'idempotency-key',
      );

      const res = await fetch(`${app.baseUrl}/healthz`, { headers: { Origin: ALLOWED } });
      const get = await fetch(`${app.baseUrl}/api/unknown`, { headers: { Origin: ALLOWED } });
      expect(res.status).toBe(200);
      expect(get.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect(get.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
    });

    it('gives a refused origin no CORS headers at all', async () => {
      const evil = 'https://evil.example';
      const preflight = await fetch(`${app.baseUrl}/api/orders`, {
        method: 'OPTIONS',
        headers: { Origin: evil, 'Access-Control-Request-Method': 'POST' },
      });
      const get = await fetch(`${app.baseUrl}/api/unknown`, { headers: { Origin: evil } });
      for (const res of [preflight, get]) {
        expect([...res.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
      }
    });
  });

  it('sends HSTS, a strict CSP, nosniff and frame denial on every response', async () => {
    for (const path of ['/healthz', '/api/unknown']) {
      const res = await fetch(`${app.baseUrl}${path}`);
      expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers.get('content-security-policy')).toBe(
        "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'",
      );
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-powered-by')).toBeNull();
      expect(res.headers.get('x-app-version')).toBe('dev');
    }
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await fetch(`${app.baseUrl}/api/no/such/thing?x=1`, { method: 'DELETE' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({
      error: { code: 'not_found', message: 'No route for DELETE /api/no/such/thing.' },
    });
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const res = await register('{"username": "a",');
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.code).toBe('malformed_json');
  });

  it('answers a body over BODY_LIMIT with 413 payload_too_large', async () => {
    const res = await register(JSON.stringify({ username: 'someone', password: 'x'.repeat(2000) }));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: {
        code: 'payload_too_large',
        message: 'The request body is larger than the limit of 1024 bytes.',
      },
    });
  });

  it('answers a non-JSON body with 415 unsupported_media_type', async () => {
    const res = await register('username=a&password=b', {
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as ErrorBody).error.code).toBe('unsupported_media_type');
  });

  describe('X-Request-Id', () => {
    it('echoes a valid incoming id', async () => {
      const res = await fetch(`${app.baseUrl}/healthz`, { headers: { 'X-Request-Id': 'lb-7f3a9c21-abc' } });
      expect(res.headers.get('x-request-id')).toBe('lb-7f3a9c21-abc');
    });

    it('replaces a missing or unsafe id with a generated UUID', async () => {
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
      const none = await fetch(`${app.baseUrl}/healthz`);
      const unsafe = await fetch(`${app.baseUrl}/healthz`, {
        headers: { 'X-Request-Id': 'x"}\t{"admin":true' },
      });
      expect(none.headers.get('x-request-id')).toMatch(uuid);
      expect(unsafe.headers.get('x-request-id')).toMatch(uuid);
      expect(unsafe.headers.get('x-request-id')).not.toBe(none.headers.get('x-request-id'));
    });
  });
});

describe('errors never leak internals', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ seed: false });
  });
  afterAll(() => app?.close());

  it('turns an SQL failure into 500 internal_error quoting only the request id', async () => {
    // A real server-side fault: the table the route needs is gone.
    await app.deps.db.query('DROP TABLE users CASCADE');
    const res = await fetch(`${app.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'trace-me-123' },
      body: JSON.stringify({ username: 'someone', password: 'whatever1' }),
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(INTERNALS);
    expect(JSON.parse(text)).toEqual({
      error: {
        code: 'internal_error',
        message: 'Something went wrong on our side. Quote request id trace-me-123 if you report it.',
      },
    });
  });
});
