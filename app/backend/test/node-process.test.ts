import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeProcess, type NodeProcess } from '../tools/node-process.js';

// Tiny entries that misbehave on purpose (exit early, ignore SIGTERM), which the real servers don't.
const scripts = {
  chatty: `for (let i = 0; i < 100; i++) console.log('line ' + i);
console.error('x'.repeat(200_000));`,
  crashes: `console.error('boom: DATABASE_URL is missing'); process.exit(3);`,
  stubborn: `process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
setInterval(() => undefined, 1000);
console.log('started');`,
};

let dir: string;
const started: NodeProcess[] = [];

function start(script: keyof typeof scripts, options: { keepLines?: number; stopGraceMs?: number } = {}) {
  const lines: string[] = [];
  const proc = startNodeProcess({
    name: script,
    entry: path.join(dir, `${script}.mjs`),
    env: { PATH: process.env.PATH ?? '' },
    onLine: (line) => lines.push(line),
    ...options,
  });
  started.push(proc);
  return { proc, lines };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'node-process-test-'));
  for (const [name, source] of Object.entries(scripts))
    await writeFile(path.join(dir, `${name}.mjs`), source);
});

afterAll(async () => {
  await Promise.all(started.map((p) => p.kill()));
  await rm(dir, { recursive: true, force: true });
});

describe('startNodeProcess', () => {
  it('hands every whole line to onLine and keeps only the last keepLines for errors', async () => {
    const { proc, lines } = start('chatty', { keepLines: 5 });
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    expect(lines).toHaveLength(101);
    expect(lines[99]).toBe('line 99');
    expect(lines[100]).toBe('x'.repeat(200_000)); // arrives in several pipe chunks, joined
    expect(proc.recentLines()).toEqual(['line 96', 'line 97', 'line 98', 'line 99', 'x'.repeat(200_000)]);
  });

  it('fails the wait for an HTTP answer as soon as the process exits, naming the code and last lines', async () => {
    const { proc } = start('crashes');
    const wait = proc.waitForHttp('http://127.0.0.1:1/readyz', { timeoutMs: 30_000 });
    await expect(wait).rejects.toThrow(
      /crashes exited with code 3 before http:\/\/127\.0\.0\.1:1\/readyz answered.*\nboom: DATABASE_URL is missing/,
    );
  });

  it('stop() sends SIGTERM, then SIGKILL when the process ignores it; calling it twice is harmless', async () => {
    const { proc, lines } = start('stubborn', { stopGraceMs: 500 });
    await expect.poll(() => lines, { timeout: 20_000 }).toContain('started');
    await Promise.all([proc.stop(), proc.stop()]);
    expect(await proc.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(lines).toContain('ignoring SIGTERM');
    expect(proc.running()).toBe(false);
  });
});
