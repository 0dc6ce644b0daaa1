import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import type { ControllerCall } from '../../control/test-support/recording-controller.js';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

export interface LabRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI as a user does (`node --import tsx lab/cli/main.ts ...`, a real process), like
 * Playwright's runInlineTest, against the registry in `registryDir` only.
 */
export async function runLab(
  args: string[],
  registryDir: string,
  env: NodeJS.ProcessEnv = {},
): Promise<LabRun> {
  return runNode(['--import', 'tsx', 'lab/cli/main.ts', ...args], registryDir, env);
}

export async function runNode(
  args: string[],
  registryDir: string,
  env: NodeJS.ProcessEnv = {},
): Promise<LabRun> {
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, LAB_REGISTRY_DIR: registryDir, LAB_DEBUG: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
  const [code] = (await once(child, 'close')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** A fake running lab (test-support/fake-lab.ts) in its own process, registered in `registryDir`. */
export class FakeLab {
  private output = '';
  readonly exited: Promise<unknown>;

  private constructor(
    readonly runId: string,
    private readonly child: ChildProcessByStdio<null, Readable, Readable>,
  ) {
    child.stdout.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = once(child, 'exit');
  }

  static async start(runId: string, registryDir: string): Promise<FakeLab> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'lab/cli/test-support/fake-lab.ts'], {
      cwd: repoRoot,
      env: { ...process.env, LAB_REGISTRY_DIR: registryDir, FAKE_LAB_RUN_ID: runId },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lab = new FakeLab(runId, child);
    await lab.waitFor(/^ready /m, 20_000);
    return lab;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The controller calls the fake lab has printed so far. */
  calls(): ControllerCall[] {
    return [...this.output.matchAll(/^call (.*)$/gm)].map((m) => JSON.parse(m[1]!) as ControllerCall);
  }

  async waitFor(pattern: RegExp, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output)) {
      if (!this.running) throw new Error(`fake lab ${this.runId} exited:\n${this.output}`);
      if (Date.now() > deadline)
        throw new Error(`fake lab ${this.runId} printed no ${pattern}:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
