import { describe, expect, it } from 'vitest';
import { ConfigError, loadFrontendConfig } from '../server/config.js';
import { spawnFrontend } from './support/frontend-process.js';

describe('frontend configuration', () => {
  it('uses the documented defaults when nothing is set', () => {
    expect(loadFrontendConfig({})).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      apiBaseUrl: '/api',
      backendHealthUrl: undefined,
      readyChecksBackend: false,
      shutdownDelayMs: 0,
      logLevel: 'info',
    });
  });

  it('accepts an absolute API URL and drops its trailing slash', () => {
    expect(loadFrontendConfig({ API_BASE_URL: 'http://127.0.0.1:3000/api/' }).apiBaseUrl).toBe(
      'http://127.0.0.1:3000/api',
    );
  });

  it('names every bad variable at once, with what it got and what is allowed', () => {
    let error: unknown;
    try {
      loadFrontendConfig({
        PORT: 'eighty',
        API_BASE_URL: 'ftp://files',
        SHUTDOWN_GRACE_MS: '-5',
        LOG_LEVEL: 'loud',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems[0]).toBe('PORT="eighty" is not valid: expected a whole number from 0 to 65535');
    expect(problems.join('\n')).toContain(
      'API_BASE_URL="ftp://files" is not valid: expected a path such as /api',
    );
    expect(problems.join('\n')).toContain('SHUTDOWN_GRACE_MS="-5"');
    expect(problems.join('\n')).toContain('LOG_LEVEL="loud" is not valid: expected one of fatal, error');
  });

  it('rejects a port out of range and a protocol-relative API URL', () => {
    expect(() => loadFrontendConfig({ PORT: '70000' })).toThrow(/PORT="70000"/);
    expect(() => loadFrontendConfig({ API_BASE_URL: '//evil.example/api' })).toThrow(/API_BASE_URL/);
  });

  it('requires BACKEND_HEALTH_URL when readiness should check the backend', () => {
    expect(() => loadFrontendConfig({ READY_CHECKS_BACKEND: 'true' })).toThrow(/needs BACKEND_HEALTH_URL/);
    expect(
      loadFrontendConfig({ READY_CHECKS_BACKEND: 'true', BACKEND_HEALTH_URL: 'http://backend:3000/readyz' }),
    ).toMatchObject({ readyChecksBackend: true, backendHealthUrl: 'http://backend:3000/readyz' });
  });

  it('makes the real process exit 1 with a JSON log line naming the bad variable', async () => {
    const frontend = spawnFrontend({ PORT: 'not-a-port' });
    try {
      expect(await frontend.exited).toBe(1);
      const line = frontend
        .output()
        .split('\n')
        .find((l) => l.includes('Invalid frontend configuration'));
      expect(line, frontend.output()).toBeDefined();
      const entry = JSON.parse(line ?? '{}') as { level: number; problems: string[] };
      expect(entry.level).toBe(60);
      expect(entry.problems).toEqual([
        'PORT="not-a-port" is not valid: expected a whole number from 0 to 65535',
      ]);
    } finally {
      await frontend.kill();
    }
  });
});
