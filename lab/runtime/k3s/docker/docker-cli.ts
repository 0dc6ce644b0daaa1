import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * The `docker` CLI, for the few things testcontainers 11 does not do (labelled networks and volumes,
 * `save`, listing by label). Errors carry docker's own stderr, which names what went wrong.
 */
export class DockerError extends Error {
  override readonly name = 'DockerError';
}

/** The Docker CLI cannot reach a daemon, or is not installed: a setup problem (exit 2). */
export class DockerSetupError extends Error {
  override readonly name = 'SetupError';
  readonly exitCode = 2;
}

export async function docker(args: readonly string[], options: { timeoutMs?: number } = {}): Promise<string> {
  try {
    const { stdout } = await execFileAsync('docker', args, {
      maxBuffer: 64 * 1024 * 1024,
      timeout: options.timeoutMs ?? 120_000,
    });
    return stdout;
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw noDocker();
    const detail = (e.stderr ?? e.message).trim().split('\n').slice(-5).join('\n');
    throw new DockerError(`docker ${args.slice(0, 3).join(' ')} failed: ${detail}`, { cause: error });
  }
}

/** `docker <args>` with its stdout piped into `docker <into>` (e.g. `save` into `exec -i ... import -`). */
export function dockerPipe(from: readonly string[], into: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const source = spawn('docker', from, { stdio: ['ignore', 'pipe', 'pipe'] });
    const sink = spawn('docker', into, { stdio: ['pipe', 'ignore', 'pipe'] });
    let errors = '';
    source.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    sink.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    source.stdout.pipe(sink.stdin);
    source.on('error', reject);
    sink.on('error', reject);
    // Both ends must have exited, whichever closes first: success is both exiting 0.
    const exited = (child: ChildProcess) =>
      new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    void Promise.all([exited(source), exited(sink)]).then(([sourceCode, sinkCode]) => {
      if (sourceCode === 0 && sinkCode === 0) resolve();
      else reject(new DockerError(`docker ${from[0]} | docker ${into.join(' ')} failed: ${errors.trim()}`));
    });
  });
}

/** Checks that the CLI is installed and a daemon answers; says how to fix it otherwise. */
export async function requireDocker(): Promise<{ serverVersion: string }> {
  try {
    const version = await docker(['version', '--format', '{{.Server.Version}}'], { timeoutMs: 15_000 });
    return { serverVersion: version.trim() };
  } catch (error) {
    if (error instanceof DockerSetupError) throw error;
    throw new DockerSetupError(
      'the k3s profile needs a running Docker daemon, and `docker version` could not reach one ' +
        `(${(error as Error).message.split('\n').at(-1)}); start it (\`dockerd &\` as root, or ` +
        '`systemctl start docker`), or use --profile local, which needs no Docker',
    );
  }
}

function noDocker(): DockerSetupError {
  return new DockerSetupError(
    'the k3s profile needs Docker, and the `docker` command is not installed: `apt-get install -y docker.io` ' +
      '(then start `dockerd`), or use --profile local, which needs no Docker',
  );
}
