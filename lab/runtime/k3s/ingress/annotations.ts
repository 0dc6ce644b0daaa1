/**
 * The ingress-nginx annotations this controller understands, parsed into one location's proxy settings.
 *
 * Defaults are ingress-nginx's own (its ConfigMap defaults: docs/user-guide/nginx-configuration/
 * configmap.md), so an Ingress without annotations behaves as it would behind ingress-nginx. An
 * annotation with a value ingress-nginx would reject keeps the default and is reported, as
 * ingress-nginx logs and ignores it; an unknown `nginx.ingress.kubernetes.io/*` annotation is reported
 * and ignored. Annotations of other prefixes belong to other tools (cert-manager, kubectl) and are
 * not ours to judge.
 */
export const annotationPrefix = 'nginx.ingress.kubernetes.io/';

export interface ProxySettings {
  /** proxy_next_upstream tokens, e.g. ['error', 'timeout']. */
  nextUpstream: string[];
  /** proxy_next_upstream_tries (0 = unlimited, as in nginx). */
  nextUpstreamTries: number;
  connectTimeoutSeconds: number;
  sendTimeoutSeconds: number;
  readTimeoutSeconds: number;
  /** client_max_body_size, in nginx's size syntax (`100k`, `1m`, `0` = unlimited). */
  bodySize: string;
  /** Redirect plain HTTP to HTTPS even without a certificate (ingress-nginx's force-ssl-redirect). */
  forceSslRedirect: boolean;
}

export const defaultProxySettings: Readonly<ProxySettings> = Object.freeze({
  nextUpstream: ['error', 'timeout'],
  nextUpstreamTries: 3,
  connectTimeoutSeconds: 5,
  sendTimeoutSeconds: 60,
  readTimeoutSeconds: 60,
  bodySize: '1m',
  forceSslRedirect: false,
});

export interface AnnotationProblem {
  annotation: string;
  value: string;
  reason: string;
}

export interface ParsedAnnotations {
  settings: ProxySettings;
  /** `nginx.ingress.kubernetes.io/*` annotations this controller does not implement (ignored). */
  unknown: string[];
  /** Known annotations whose value was rejected (the default is used instead). */
  invalid: AnnotationProblem[];
}

/** nginx's proxy_next_upstream parameters (ngx_http_proxy_module). */
const nextUpstreamTokens = new Set([
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

type Parser = (value: string, settings: ProxySettings) => string | undefined;

function seconds(key: 'connectTimeoutSeconds' | 'sendTimeoutSeconds' | 'readTimeoutSeconds'): Parser {
  return (value, settings) => {
    if (!/^\d+$/.test(value.trim())) return 'must be a whole number of seconds';
    settings[key] = Number(value.trim());
    return undefined;
  };
}

function boolean(key: 'forceSslRedirect'): Parser {
  return (value, settings) => {
    if (value !== 'true' && value !== 'false') return 'must be "true" or "false"';
    settings[key] = value === 'true';
    return undefined;
  };
}

const parsers: Record<string, Parser> = {
  'proxy-next-upstream': (value, settings) => {
    const tokens = value.split(/\s+/).filter(Boolean);
    const bad = tokens.filter((t) => !nextUpstreamTokens.has(t));
    if (tokens.length === 0 || bad.length > 0) {
      return `unsupported token(s) ${bad.map((t) => `"${t}"`).join(', ') || '(none given)'}; allowed: ${[...nextUpstreamTokens].join(', ')}`;
    }
    settings.nextUpstream = tokens;
    return undefined;
  },
  'proxy-next-upstream-tries': (value, settings) => {
    if (!/^\d+$/.test(value.trim())) return 'must be a whole number (0 = unlimited)';
    settings.nextUpstreamTries = Number(value.trim());
    return undefined;
  },
  'proxy-connect-timeout': seconds('connectTimeoutSeconds'),
  'proxy-send-timeout': seconds('sendTimeoutSeconds'),
  'proxy-read-timeout': seconds('readTimeoutSeconds'),
  'proxy-body-size': (value, settings) => {
    if (!/^\d+[kKmMgG]?$/.test(value.trim())) return 'must be an nginx size such as 100k, 8m or 0';
    settings.bodySize = value.trim();
    return undefined;
  },
  'force-ssl-redirect': boolean('forceSslRedirect'),
  // Redirects only hosts that have a TLS certificate, and this controller serves none (the lab's
  // overlay removes spec.tls), so the value is checked and has nothing to act on.
  'ssl-redirect': (value) =>
    value === 'true' || value === 'false' ? undefined : 'must be "true" or "false"',
};

export function parseIngressAnnotations(annotations: Record<string, string> | undefined): ParsedAnnotations {
  const settings: ProxySettings = {
    ...defaultProxySettings,
    nextUpstream: [...defaultProxySettings.nextUpstream],
  };
  const unknown: string[] = [];
  const invalid: AnnotationProblem[] = [];
  for (const [annotation, value] of Object.entries(annotations ?? {}).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    if (!annotation.startsWith(annotationPrefix)) continue;
    const parse = parsers[annotation.slice(annotationPrefix.length)];
    if (!parse) {
      unknown.push(annotation);
      continue;
    }
    const reason = parse(value, settings);
    if (reason) invalid.push({ annotation, value, reason });
  }
  return { settings, unknown, invalid };
}
