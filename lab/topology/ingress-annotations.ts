import type { ManifestDocument } from './manifest-document.js';
import type { IngressUpstreamPolicy } from './model.js';
import type { ProblemList } from './problem-list.js';
import { parseNginxSize } from './quantities.js';

const PREFIX = 'nginx.ingress.kubernetes.io/';

/** ingress-nginx's defaults for the proxy-* annotations the lab's ingress proxy imitates. */
export const INGRESS_NGINX_DEFAULTS: IngressUpstreamPolicy = {
  nextUpstream: ['error', 'timeout'],
  tries: 3,
  connectTimeoutSeconds: 5,
  sendTimeoutSeconds: 60,
  readTimeoutSeconds: 60,
  bodyLimitBytes: 1024 * 1024,
};

/** The conditions nginx's proxy_next_upstream accepts. */
const NEXT_UPSTREAM = new Set([
  'error',
  'timeout',
  'invalid_header',
  'http_500',
  'http_502',
  'http_503',
  'http_504',
  'http_403',
  'http_404',
  'http_429',
  'non_idempotent',
  'off',
]);

/**
 * How the lab's ingress proxy retries and times out, from the Ingress's
 * `nginx.ingress.kubernetes.io/proxy-*` annotations, each with ingress-nginx's default when absent.
 */
export function readUpstreamPolicy(
  document: ManifestDocument,
  annotations: Readonly<Record<string, string>>,
  problems: ProblemList,
): IngressUpstreamPolicy {
  const policy = { ...INGRESS_NGINX_DEFAULTS };
  const read = <T>(name: string, parse: (value: string) => T | undefined, what: string): T | undefined => {
    const value = annotations[PREFIX + name];
    if (value === undefined) return undefined;
    const parsed = parse(value);
    if (parsed === undefined)
      problems.at(
        document,
        ['metadata', 'annotations', PREFIX + name],
        `expected ${what}, got ${JSON.stringify(value)}`,
      );
    return parsed;
  };
  const seconds = (value: string) => (/^\d+$/.test(value.trim()) ? Number(value) : undefined);
  const positive = (value: string) => (/^[1-9]\d*$/.test(value.trim()) ? Number(value) : undefined);
  const conditions = (value: string) => {
    const list = value.trim().split(/\s+/);
    return list.length > 0 && list.every((c) => NEXT_UPSTREAM.has(c)) ? list : undefined;
  };

  policy.nextUpstream =
    read('proxy-next-upstream', conditions, `conditions among ${[...NEXT_UPSTREAM].join(' ')}`) ??
    policy.nextUpstream;
  policy.tries = read('proxy-next-upstream-tries', positive, 'a positive integer') ?? policy.tries;
  policy.connectTimeoutSeconds =
    read('proxy-connect-timeout', seconds, 'whole seconds such as "5"') ?? policy.connectTimeoutSeconds;
  policy.sendTimeoutSeconds =
    read('proxy-send-timeout', seconds, 'whole seconds such as "60"') ?? policy.sendTimeoutSeconds;
  policy.readTimeoutSeconds =
    read('proxy-read-timeout', seconds, 'whole seconds such as "60"') ?? policy.readTimeoutSeconds;
  policy.bodyLimitBytes =
    read('proxy-body-size', parseNginxSize, 'an nginx size such as "100k", "1m" or "8m" (0: no limit)') ??
    policy.bodyLimitBytes;
  return policy;
}
