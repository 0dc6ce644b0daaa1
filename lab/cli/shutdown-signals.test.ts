import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isRunning } from './process-state.js';
import { repoRoot } from './test-support/run-lab.js';

/** Runs test-support/signal-lab.ts (ShutdownSignals + forceExit, as `lab up` uses them) as a real process. */
async function startSignalLab(stopMs: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'lab/cli/test-support/signal-lab.ts'], {
    cwd: repoRoot,
    env: { ...process.env, STOP_MS: String(stopMs) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const waitFor = async (text: string) => {
    for (let i = 0; i < 400 && !output.includes(text); i++) await new Promise((r) => setTimeout(r, 50));
    if (!output.includes(text))
      throw new Error(`signal lab never printed ${JSON.stringify(text)}:\n${output}`);
  };
  await waitFor('ready');
  const childPid = Number(/^child (\d+)$/m.exec(output)![1]);
  return { child, exited, waitFor, childPid, output: () => output };
}

async function goneWithin(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; isRunning(pid) && Date.now() < end;) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return !isRunning(pid);
}

describe('ShutdownSignals', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('tears down in order on one %s and exits 0', async (signal) => {
    const lab = await startSignalLab(0);
    lab.child.kill(signal);
    const [code] = await lab.exited;
    expect(code).toBe(0);
    expect(lab.output()).toContain(`stopping ${signal}\nstopped\n`);
    expect(isRunning(lab.childPid)).toBe(false);
  });

  it('says "still stopping" on a second Ctrl-C, and on a third exits 130 at once, killing the lab\'s processes', async () => {
    const lab = await startSignalLab(30_000);
    try {
      lab.child.kill('SIGINT');
      await lab.waitFor('stopping SIGINT');
      lab.child.kill('SIGINT');
      await lab.waitFor('still stopping; press Ctrl-C again to force');
      lab.child.kill('SIGINT');
      const [code] = await lab.exited;
      expect(code).toBe(130);
      expect(lab.output()).toMatch(/forced exit: killed 1 lab processes/);
      expect(lab.output()).not.toContain('stopped\n');
      // SIGKILL is delivered asynchronously: on a busy machine the process may still be on its way out
      // when the lab has exited, so allow it a moment to go.
      expect(await goneWithin(lab.childPid, 2000)).toBe(true);
    } finally {
      lab.child.kill('SIGKILL');
      try {
        process.kill(-lab.childPid, 'SIGKILL');
      } catch {
        // Already gone: what the test expects.
      }
    }
  });
});
