import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive, makeRunTempDir, newRunId, runLabelEnv } from '../runtime/shared/run-label.js';
import { findTool } from '../testing/tool.js';
import { startRealToxiproxy, toxiproxyInstallCommand } from './real-server.js';
import { startToxiproxy } from './start-toxiproxy.js';

const realTool = findTool('toxiproxy-server', toxiproxyInstallCommand);
if (realTool.skipReason) console.warn(realTool.skipReason);
const missing = 'toxiproxy-server-not-installed';

const runId = newRunId();
let logsDir = '';
beforeAll(async () => {
  logsDir = await makeRunTempDir(runId, 'toxiproxy-start');
});
afterAll(() => rm(logsDir, { recursive: true, force: true }));

describe('startToxiproxy', () => {
  it('prefer "embedded" runs the embedded server, with a client bound to it', async () => {
    await using toxiproxy = await startToxiproxy({ prefer: 'embedded', runId, logsDir });
    expect(toxiproxy.implementation).toEqual({ name: 'embedded', version: '2.12.0-embedded' });
    expect(toxiproxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await toxiproxy.client.createProxy({ name: 'db', listen: '127.0.0.1:0', upstream: '127.0.0.1:9' });
    expect(Object.keys(await toxiproxy.client.getAll())).toEqual(['db']);
  });

  it('prefer "auto" falls back to the embedded server when toxiproxy-server is not on PATH', async () => {
    await using toxiproxy = await startToxiproxy({ prefer: 'auto', runId, logsDir, command: missing });
    expect(toxiproxy.implementation.name).toBe('embedded');
  });

  it('prefer "real" without toxiproxy-server fails with the command that installs it', async () => {
    await expect(startToxiproxy({ prefer: 'real', runId, logsDir, command: missing })).rejects.toThrow(
      `${missing} is not on PATH; install it with: ${toxiproxyInstallCommand}`,
    );
  });

  it.skipIf(!!realTool.skipReason)('prefer "auto" runs toxiproxy-server when it is on PATH', async () => {
    await using toxiproxy = await startToxiproxy({ prefer: 'auto', runId, logsDir });
    expect(toxiproxy.implementation.name).toBe('toxiproxy-server');
    expect(toxiproxy.implementation.version).toMatch(/^\d+\.\d+\.\d+/); // 2.12.0 for the CI build
    await toxiproxy.client.createProxy({ name: 'db', listen: '127.0.0.1:0', upstream: '127.0.0.1:9' });
    expect(Object.keys(await toxiproxy.client.getAll())).toEqual(['db']);
  });
});

describe.skipIf(!!realTool.skipReason)('startRealToxiproxy', () => {
  it('runs toxiproxy-server labelled with the run, logging to logsDir, and stop() ends it', async () => {
    const real = await startRealToxiproxy({ runId, logsDir });
    try {
      expect(real.url).toBe(`http://127.0.0.1:${real.port}`);
      const environ = await readFile(`/proc/${real.pid}/environ`, 'latin1');
      expect(environ.split('\0')).toContain(`${runLabelEnv}=${runId}:${process.pid}`);
      expect(existsSync(real.logFile)).toBe(true);
      expect(await readFile(real.logFile, 'utf8')).toContain('Starting Toxiproxy');
    } finally {
      await real.stop();
      await real.stop();
    }
    expect(isAlive(real.pid)).toBe(false);
  });
});
