/**
 * The storefront server's runtime configuration, read from the environment once at start.
 * Every problem is collected and reported together, each naming the variable, what it got and
 * what would be accepted, so a bad Deployment fails fast with one readable log line.
 */
export interface FrontendConfig {
  /** TCP port to listen on (0 picks a free one; tests use that). */
  port: number;
  /** Interface to bind; 127.0.0.1 by default, the Dockerfile sets 0.0.0.0. */
  host: string;
  /**
   * Where the browser sends API calls: a path on the same origin (`/api`, behind an ingress that routes
   * `/api` to the backend) or an absolute http(s) URL (then the CSP allows that origin too).
   * Served at runtime in `/config.json`, so one image works in every environment.
   */
  apiBaseUrl: string;
  /** Optional absolute URL of the backend's health endpoint; only used when readyChecksBackend is on. */
  backendHealthUrl: string | undefined;
  /** When true, /readyz also requires BACKEND_HEALTH_URL to answer 2xx (off by default: a frontend pod
   * that can serve files is ready even while the API is down, so it can show its own error page). */
  readyChecksBackend: boolean;
  /** How long in-flight requests may take to finish after SIGTERM before the process is forced out. */
  shutdownGraceMs: number;
  /** How long /readyz reports 503 before the listener closes, so load balancers stop sending first. */
  shutdownDelayMs: number;
  logLevel: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid frontend configuration:\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadFrontendConfig(env: NodeJS.ProcessEnv = process.env): FrontendConfig {
  const problems: string[] = [];

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
      problems.push(
        `${name}=${JSON.stringify(raw)} is not valid: expected a whole number from ${min} to ${max}`,
      );
      return fallback;
    }
    return value;
  };

  const boolean = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    if (/^(true|1|yes)$/i.test(raw.trim())) return true;
    if (/^(false|0|no)$/i.test(raw.trim())) return false;
    problems.push(`${name}=${JSON.stringify(raw)} is not valid: expected true or false`);
    return fallback;
  };

  const port = integer('PORT', 8080, 0, 65535);
  const host = (env.HOST ?? '').trim() || '127.0.0.1';
  if (/\s/.test(host))
    problems.push(`HOST=${JSON.stringify(env.HOST)} is not valid: expected a host name or IP`);

  const apiBaseUrl = parseApiBaseUrl(env.API_BASE_URL, problems);

  let backendHealthUrl: string | undefined;
  const rawHealth = env.BACKEND_HEALTH_URL?.trim();
  if (rawHealth) {
    if (isHttpUrl(rawHealth)) backendHealthUrl = rawHealth;
    else {
      problems.push(
        `BACKEND_HEALTH_URL=${JSON.stringify(rawHealth)} is not valid: expected an absolute http(s) URL, e.g. http://backend:3000/readyz`,
      );
    }
  }
  const readyChecksBackend = boolean('READY_CHECKS_BACKEND', false);
  if (readyChecksBackend && !rawHealth) {
    problems.push('READY_CHECKS_BACKEND=true needs BACKEND_HEALTH_URL (the URL readiness should probe)');
  }

  const shutdownGraceMs = integer('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000);
  const shutdownDelayMs = integer('SHUTDOWN_DELAY_MS', 0, 0, 600_000);

  const logLevel = (env.LOG_LEVEL ?? '').trim() || 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(
      `LOG_LEVEL=${JSON.stringify(env.LOG_LEVEL)} is not valid: expected one of ${LOG_LEVELS.join(', ')}`,
    );
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    apiBaseUrl,
    backendHealthUrl,
    readyChecksBackend,
    shutdownGraceMs,
    shutdownDelayMs,
    logLevel,
  };
}

function parseApiBaseUrl(raw: string | undefined, problems: string[]): string {
  const value = (raw ?? '').trim() || '/api';
  // A trailing slash would make the client build `//products`; drop it here, once.
  const trimmed = value.length > 1 ? value.replace(/\/+$/, '') : value;
  const isPath = trimmed.startsWith('/') && !trimmed.startsWith('//');
  if (!isPath && !isHttpUrl(trimmed)) {
    problems.push(
      `API_BASE_URL=${JSON.stringify(raw)} is not valid: expected a path such as /api or an absolute http(s) URL such as https://api.example.com/api`,
    );
  }
  return trimmed;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The API's origin when API_BASE_URL is absolute; undefined when the API is on the page's own origin. */
export function apiOrigin(apiBaseUrl: string): string | undefined {
  return isHttpUrl(apiBaseUrl) ? new URL(apiBaseUrl).origin : undefined;
}
