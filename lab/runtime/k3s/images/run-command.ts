import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

// eslint-disable-next-line no-control-regex -- matching the ESC character is the point
const ansiEscapes = /\x1b\[[0-9;]*[A-Za-z]/g;

/** How many of a failed command's last output lines its error shows (the rest is in the log file). */
const tailLines = 25;

/** A build command that exited non-zero: its last output lines and where the whole log is. */
export class CommandFailedError extends Error {
  override readonly name = 'CommandFailedError';
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly lastLines: readonly string[],
    readonly logFile: string,
  ) {
    super(
      `${command} failed (${exitCode === null ? 'killed' : `exit ${exitCode}`}); its last lines:\n` +
        lastLines.map((line) => `  | ${line}`).join('\n') +
        `\n(whole output: ${logFile})`,
    );
  }
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/**
 * Runs the commands of one image's build, appending their output (stdout and stderr interleaved, as a
 * terminal would show it) to one log file, and keeping the last lines in memory so a failure can show
 * them. Builds are long and chatty: nothing is printed to the terminal, the log is the record.
 */
export class BuildLog {
  private stream: WriteStream | undefined;
  private tail: string[] = [];

  constructor(readonly file: string) {}

  async run(command: string, args: readonly string[], options: RunOptions = {}): Promise<void> {
    const stream = await this.open();
    const shown = [command, ...args].join(' ');
    stream.write(`\n$ ${shown}\n`);
    this.tail = [];
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Ctrl-C in the CLI aborts the build: the child is stopped, and the promise rejects with AbortError.
      signal: options.signal,
      killSignal: 'SIGTERM',
    });
    let partial = '';
    const onData = (chunk: Buffer) => {
      stream.write(chunk);
      // Without colour codes (docker prints a step's stderr in red), so the error reads as plain text.
      const lines = (partial + chunk.toString().replace(ansiEscapes, '')).split(/\r?\n|\r/);
      partial = lines.pop() ?? '';
      this.tail.push(...lines.filter((line) => line.trim() !== ''));
      if (this.tail.length > tailLines) this.tail.splice(0, this.tail.length - tailLines);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const [code] = (await once(child, 'close')) as [number | null];
    if (partial.trim()) this.tail.push(partial);
    options.signal?.throwIfAborted();
    if (code !== 0)
      throw new CommandFailedError(
        `\`${shortCommand(command, args)}\``,
        code,
        this.tail.slice(-tailLines),
        this.file,
      );
  }

  async close(): Promise<void> {
    if (!this.stream) return;
    this.stream.end();
    await once(this.stream, 'close');
    this.stream = undefined;
  }

  private async open(): Promise<WriteStream> {
    if (this.stream) return this.stream;
    await mkdir(path.dirname(this.file), { recursive: true });
    this.stream = createWriteStream(this.file, { flags: 'w' });
    return this.stream;
  }
}

/** `docker build … -t dhakacart-lab/node:…` rather than every flag: the log has the full command. */
function shortCommand(command: string, args: readonly string[]): string {
  const words = [command, ...args.slice(0, 2)];
  return args.length > 2 ? `${words.join(' ')} …` : words.join(' ');
}
