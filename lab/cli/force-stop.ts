import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLabelEnv } from '../runtime/shared/run-label.js';
import { ExitCode } from './exit-codes.js';

/** The third Ctrl-C: kill what this run started, say so, exit 130 at once. */
export function forceExit(say: (line: string) => void): never {
  const { killed, removedDirs } = forceStopOwnRun();
  say(
    `forced exit: killed ${killed} lab processes and removed ${removedDirs} temp dirs without an orderly teardown`,
  );
  process.exit(ExitCode.Interrupted);
}

/**
 * The forced exit of a third Ctrl-C: there is no time for an orderly teardown, but nothing may be left
 * behind, so kill (SIGKILL, with their process groups) every process this lab labelled with its pid
 * (run-label.ts) and remove its temp dirs. Synchronous on purpose: it runs right before process.exit().
 * Linux only (/proc); elsewhere the next lab's reapOrphans() removes what is left.
 */
export function forceStopOwnRun(ownerPid = process.pid): { killed: number; removedDirs: number } {
  let killed = 0;
  for (const entry of safeReaddir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === ownerPid) continue;
    const environ = safeRead(`/proc/${entry}/environ`);
    const label = environ.split('\0').find((kv) => kv.startsWith(`${runLabelEnv}=`));
    if (!label || Number(label.split(':').at(-1)) !== ownerPid) continue;
    for (const target of [-Number(entry), Number(entry)]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // Gone already, or not a group leader: the other form covers it.
      }
    }
    killed += 1;
  }
  let removedDirs = 0;
  for (const name of safeReaddir(tmpdir())) {
    if (!name.startsWith('dhakacart-lab-')) continue;
    const dir = join(tmpdir(), name);
    if (ownerOf(join(dir, 'owner.json')) !== ownerPid) continue;
    rmSync(dir, { recursive: true, force: true });
    removedDirs += 1;
  }
  return { killed, removedDirs };
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'latin1');
  } catch {
    return '';
  }
}

function ownerOf(file: string): number | undefined {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { pid?: number }).pid;
  } catch {
    return undefined;
  }
}
