import { apiOrigin } from './config.js';

/**
 * The storefront's Content-Security-Policy. The page loads only its own files (no CDN, no inline
 * script or style), so everything is `'self'`; the API's origin is added to connect-src (and
 * img-src, for product images the API may serve) only when API_BASE_URL points at another origin.
 * `upgrade-insecure-requests` is left out on purpose: the lab serves plain http on loopback, where
 * upgrading the API calls to https would break them; TLS is the ingress's job.
 */
export function contentSecurityPolicyDirectives(apiBaseUrl: string): Record<string, string[]> {
  const api = apiOrigin(apiBaseUrl);
  const withApi = (...sources: string[]) => (api ? [...sources, api] : sources);
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': withApi("'self'", 'data:'),
    'font-src': ["'self'"],
    'connect-src': withApi("'self'"),
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
}
