import { isIP } from 'node:net';
import { z } from 'zod';
import { PASSWORD_RULE, USERNAME_RULE } from './auth/credential-rules.js';

/** The backend's runtime configuration, read once from the environment (see COMMON.md for the list). */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  jwtSecret: string;
  /** Origins allowed by CORS; empty = same-origin only (no CORS headers at all). */
  corsOrigins: string[];
  /** Express `trust proxy`: true/false, a hop count, or a list of presets/addresses/CIDRs. */
  trustProxy: boolean | number | string[];
  rateLimitWindowMs: number;
  rateLimitMax: number;
  loginRateLimitWindowMs: number;
  loginRateLimitMax: number;
  /** body-parser size, e.g. `100kb`. */
  bodyLimit: string;
  dbPoolMax: number;
  dbConnectTimeoutMs: number;
  dbStatementTimeoutMs: number;
  readyDbTimeoutMs: number;
  shutdownGraceMs: number;
  shutdownDelayMs: number;
  migrateOnStart: boolean;
  seedOnStart: boolean;
  /** Both set or both undefined: ensure this admin user exists at start. */
  adminUsername: string | undefined;
  adminPassword: string | undefined;
  appVersion: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** LAB_TEST_ROUTES=1 mounts test-only routes (GET /__test/slow); never set it in production. */
  testRoutes: boolean;
}

export interface ConfigProblem {
  variable: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `Invalid backend configuration:\n${problems.map((p) => `- ${p.variable}: ${p.message}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

// Environment variables are strings; an empty one counts as unset so `FOO=` in a manifest falls back.
const optional = (fallback: string) =>
  z.preprocess(
    (v) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? fallback : v),
    z.string(),
  );

const integer = (fallback: number, min: number, max: number) =>
  optional(String(fallback))
    .refine((s) => /^\s*\d+\s*$/.test(s) && Number(s) >= min && Number(s) <= max, {
      error: (i) => `got ${JSON.stringify(i.input)}; expected a whole number from ${min} to ${max}`,
      abort: true,
    })
    .transform(Number);

const boolean = (fallback: boolean) =>
  optional(String(fallback))
    .refine((s) => /^(true|false|1|0|yes|no)$/i.test(s.trim()), {
      error: (i) => `got ${JSON.stringify(i.input)}; expected true or false`,
      abort: true,
    })
    .transform((s) => /^(true|1|yes)$/i.test(s.trim()));

const required = (what: string) =>
  z.string({ error: `is required (${what})` }).refine((s) => s.trim() !== '', `is required (${what})`);

const commaList = (s: string) =>
  s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);

const isOrigin = (o: string) => {
  try {
    const url = new URL(o);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === o;
  } catch {
    return false;
  }
};

const TRUST_PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);
const isAddressOrCidr = (s: string) => {
  const [addr = '', prefix, ...rest] = s.split('/');
  const family = isIP(addr);
  if (!family || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const schema = z.object({
  PORT: integer(3000, 0, 65535),
  HOST: optional('127.0.0.1').refine(
    (s) => !/\s/.test(s),
    'expected a host name or IP address, e.g. 0.0.0.0',
  ),
  DATABASE_URL: required('e.g. postgres://user:pass@host:5432/dhakacart').refine(
    (s) => /^postgres(ql)?:\/\/\S+$/.test(s.trim()),
    'expected a postgres:// or postgresql:// URL, e.g. postgres://user:pass@host:5432/dhakacart',
  ),
  JWT_SECRET: required('a random string of at least 32 characters').refine((s) => s.length >= 32, {
    error: (i) => `must be at least 32 characters (got ${String(i.input).length})`,
  }),
  CORS_ORIGINS: optional('')
    .transform(commaList)
    .refine((list) => list.every(isOrigin), {
      error: (i) =>
        `${(i.input as string[]).filter((o) => !isOrigin(o)).join(', ')} is not an origin; expected a comma-separated list like https://shop.example.com,http://localhost:8080 (scheme, host, optional port; no path or trailing slash)`,
    }),
  TRUST_PROXY: optional('loopback')
    .transform((s): Config['trustProxy'] => {
      const t = s.trim();
      if (/^true$/i.test(t)) return true;
      if (/^false$/i.test(t)) return false;
      if (/^\d+$/.test(t)) return Number(t);
      return commaList(t);
    })
    .refine((v) => !Array.isArray(v) || v.every((p) => TRUST_PRESETS.has(p) || isAddressOrCidr(p)), {
      message:
        'expected true, false, a number of proxy hops, or a comma list of loopback, linklocal, uniquelocal, IP addresses or CIDRs (e.g. 10.0.0.0/8)',
    }),
  RATE_LIMIT_WINDOW_MS: integer(60_000, 1000, 86_400_000),
  RATE_LIMIT_MAX: integer(1000, 1, 1_000_000),
  LOGIN_RATE_LIMIT_WINDOW_MS: integer(900_000, 1000, 86_400_000),
  LOGIN_RATE_LIMIT_MAX: integer(5, 1, 10_000),
  BODY_LIMIT: optional('100kb').refine(
    (s) => /^\s*\d+(\.\d+)?\s*(b|kb|mb)?\s*$/i.test(s),
    'expected a size like 100kb, 1mb or 2048 (bytes)',
  ),
  DB_POOL_MAX: integer(10, 1, 1000),
  DB_CONNECT_TIMEOUT_MS: integer(2000, 100, 600_000),
  DB_STATEMENT_TIMEOUT_MS: integer(5000, 100, 3_600_000),
  READY_DB_TIMEOUT_MS: integer(1000, 50, 600_000),
  SHUTDOWN_GRACE_MS: integer(25_000, 0, 3_600_000),
  SHUTDOWN_DELAY_MS: integer(0, 0, 3_600_000),
  MIGRATE_ON_START: boolean(true),
  SEED_ON_START: boolean(true),
  ADMIN_USERNAME: z
    .string()
    .optional()
    .refine((s) => !s || USERNAME_RULE.test(s), `expected ${USERNAME_RULE.description}`),
  ADMIN_PASSWORD: z
    .string()
    .optional()
    .refine((s) => !s || PASSWORD_RULE.test(s), `expected ${PASSWORD_RULE.description}`),
  APP_VERSION: optional('dev').refine((s) => /^[\w.+-]{1,64}$/.test(s.trim()), {
    message: 'expected 1-64 characters of letters, digits, . _ + -, e.g. 1.4.2 or sha-3f2a1c',
  }),
  LOG_LEVEL: optional('info').pipe(
    z.enum(LOG_LEVELS, {
      error: (i) => `got ${JSON.stringify(i.input)}; expected one of ${LOG_LEVELS.join(', ')}`,
    }),
  ),
  LAB_TEST_ROUTES: boolean(false),
});

/** Reads and validates the environment; throws ConfigError naming every bad variable at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env);
  const problems = new Map<string, string>();
  for (const issue of result.error?.issues ?? []) {
    const variable = String(issue.path[0] ?? 'environment');
    if (!problems.has(variable)) problems.set(variable, issue.message);
  }
  // Checked here rather than in the schema so it is reported together with every other problem.
  if (!!env.ADMIN_USERNAME?.trim() !== !!env.ADMIN_PASSWORD) {
    const missing = env.ADMIN_PASSWORD ? 'ADMIN_USERNAME' : 'ADMIN_PASSWORD';
    problems.set(missing, 'ADMIN_USERNAME and ADMIN_PASSWORD must be set together (or neither)');
  }
  if (!result.success || problems.size > 0) {
    throw new ConfigError([...problems].map(([variable, message]) => ({ variable, message })));
  }
  const e = result.data;
  return {
    port: e.PORT,
    host: e.HOST.trim(),
    databaseUrl: e.DATABASE_URL.trim(),
    jwtSecret: e.JWT_SECRET,
    corsOrigins: e.CORS_ORIGINS,
    trustProxy: e.TRUST_PROXY,
    rateLimitWindowMs: e.RATE_LIMIT_WINDOW_MS,
    rateLimitMax: e.RATE_LIMIT_MAX,
    loginRateLimitWindowMs: e.LOGIN_RATE_LIMIT_WINDOW_MS,
    loginRateLimitMax: e.LOGIN_RATE_LIMIT_MAX,
    bodyLimit: e.BODY_LIMIT.trim(),
    dbPoolMax: e.DB_POOL_MAX,
    dbConnectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
    dbStatementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    readyDbTimeoutMs: e.READY_DB_TIMEOUT_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    shutdownDelayMs: e.SHUTDOWN_DELAY_MS,
    migrateOnStart: e.MIGRATE_ON_START,
    seedOnStart: e.SEED_ON_START,
    adminUsername: e.ADMIN_USERNAME || undefined,
    adminPassword: e.ADMIN_PASSWORD || undefined,
    appVersion: e.APP_VERSION.trim(),
    logLevel: e.LOG_LEVEL,
    testRoutes: e.LAB_TEST_ROUTES,
  };
}
