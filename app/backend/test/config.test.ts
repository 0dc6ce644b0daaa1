import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { spawnServer } from './support/spawn-server.js';

const valid = { DATABASE_URL: 'postgres://shop:pw@db:5432/dhakacart', JWT_SECRET: 's'.repeat(32) };

function problemsOf(env: Record<string, string>): Record<string, string> {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return Object.fromEntries((err as ConfigError).problems.map((p) => [p.variable, p.message]));
  }
  throw new Error('expected loadConfig to throw');
}

describe('config', () => {
  it('applies the documented defaults', () => {
    expect(loadConfig(valid)).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      corsOrigins: [],
      trustProxy: ['loopback'],
      rateLimitWindowMs: 60_000,
      rateLimitMax: 1000,
      loginRateLimitWindowMs: 900_000,
      loginRateLimitMax: 5,
      bodyLimit: '100kb',
      dbPoolMax: 10,
      dbConnectTimeoutMs: 2000,
      dbStatementTimeoutMs: 5000,
      readyDbTimeoutMs: 1000,
      shutdownGraceMs: 25_000,
      shutdownDelayMs: 0,
      migrateOnStart: true,
      seedOnStart: true,
      adminUsername: undefined,
      logLevel: 'info',
      testRoutes: false,
    });
  });

  it('parses lists, booleans and proxy settings', () => {
    const config = loadConfig({
      ...valid,
      CORS_ORIGINS: 'https://shop.example.com, http://localhost:8080',
      TRUST_PROXY: '10.0.0.0/8,loopback',
      MIGRATE_ON_START: 'false',
      SEED_ON_START: '0',
      ADMIN_USERNAME: 'boss',
      ADMIN_PASSWORD: 'long enough',
    });
    expect(config.corsOrigins).toEqual(['https://shop.example.com', 'http://localhost:8080']);
    expect(config.trustProxy).toEqual(['10.0.0.0/8', 'loopback']);
    expect(config.migrateOnStart).toBe(false);
    expect(config.seedOnStart).toBe(false);
    expect(loadConfig({ ...valid, TRUST_PROXY: '2' }).trustProxy).toBe(2);
  });

  it('names every bad variable at once with what would be accepted', () => {
    const problems = problemsOf({
      PORT: '80a',
      JWT_SECRET: 'too-short',
      CORS_ORIGINS: 'https://ok.example,https://bad.example/path',
      TRUST_PROXY: 'everyone',
      RATE_LIMIT_MAX: '0',
      BODY_LIMIT: 'lots',
      MIGRATE_ON_START: 'maybe',
      LOG_LEVEL: 'loud',
      ADMIN_USERNAME: 'boss',
    });
    expect(problems).toEqual({
      PORT: 'got "80a"; expected a whole number from 0 to 65535',
      DATABASE_URL: expect.stringContaining('is required'),
      JWT_SECRET: 'must be at least 32 characters (got 9)',
      CORS_ORIGINS: expect.stringMatching(/^https:\/\/bad\.example\/path is not an origin/),
      TRUST_PROXY: expect.stringContaining('expected true, false, a number of proxy hops'),
      RATE_LIMIT_MAX: 'got "0"; expected a whole number from 1 to 1000000',
      BODY_LIMIT: expect.stringContaining('expected a size like 100kb'),
      MIGRATE_ON_START: 'got "maybe"; expected true or false',
      LOG_LEVEL: expect.stringContaining('expected one of fatal, error, warn, info, debug, trace, silent'),
      ADMIN_PASSWORD: 'ADMIN_USERNAME and ADMIN_PASSWORD must be set together (or neither)',
    });
  });

  it('rejects a DATABASE_URL that is not a postgres URL', () => {
    expect(problemsOf({ ...valid, DATABASE_URL: 'mysql://x@y/z' })).toEqual({
      DATABASE_URL: expect.stringContaining('expected a postgres:// or postgresql:// URL'),
    });
  });

  it('makes the server exit 1 with one log line naming each bad variable', async () => {
    const server = spawnServer({ DATABASE_URL: '', JWT_SECRET: 'short', PORT: 'eighty' });
    const { code } = await server.exited;
    expect(code).toBe(1);
    const fatal = server.output.filter((line) => line.includes('"level":60'));
    expect(fatal).toHaveLength(1);
    for (const name of ['DATABASE_URL', 'JWT_SECRET', 'PORT']) expect(fatal[0]).toContain(name);
  });
});
