import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * The lab CLI as a user runs it (`node --import tsx lab/cli/main.ts run ...`, a real process, plain
 * output as in CI), like Playwright's runInlineTest. Bounded: killed after `timeoutMs`.
 */
export class LabRunProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcessByStdio<null, Readable, Readable>;

  constructor(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'lab/cli/main.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, CI: 'true', LAB_DEBUG: '', GITHUB_STEP_SUMMARY: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    // 'close', not 'exit': by then both pipes are drained.
    this.exited = once(this.child, 'close').then(([code]) => {
      clearTimeout(timer);
      return code as number | null;
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get output(): string {
    return `--- stdout\n${this.stdout}\n--- stderr\n${this.stderr}`;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Resolves once `pattern` has been printed (on either stream); rejects if the process ends first. */
  async waitFor(pattern: RegExp, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.stdout) && !pattern.test(this.stderr)) {
      if (this.child.exitCode !== null)
        throw new Error(`lab run exited before printing ${pattern}:\n${this.output}`);
      if (Date.now() > deadline)
        throw new Error(`lab run printed no ${pattern} in ${timeoutMs} ms:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Runs a `lab` verb to its end: `runLab(['run', 'pod-kill', '--report-dir', dir])`. */
export async function runLab(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = new LabRunProcess(args, options.env ?? {}, options.timeoutMs ?? 90_000);
  const code = await run.exited;
  return { code, stdout: run.stdout, stderr: run.stderr };
}
