import type { RequestHandler } from 'express';
import cors from 'cors';
import helmet from 'helmet';

/**
 * Security headers. The API only ever returns JSON, so the strictest CSP is right: it governs
 * documents the API itself serves (none that load anything), not the storefront that calls it, which
 * works the same from another origin (CORS) or behind the same ingress. HSTS: one year, subdomains.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
      },
    },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/**
 * CORS for the origins in CORS_ORIGINS only. Any other origin gets no CORS headers at all (the
 * browser then refuses to hand the response to the page); same-origin requests need none.
 */
export function corsPolicy(allowedOrigins: string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['Content-Type', 'Authorization', 'Idempotency-Key', 'X-Request-Id'],
    exposedHeaders: [
      'X-Request-Id',
      'X-App-Version',
      'RateLimit',
      'RateLimit-Policy',
      'Retry-After',
      'Idempotent-Replayed',
    ],
    credentials: false, // Bearer tokens, no cookies
    maxAge: 600,
  });
}
