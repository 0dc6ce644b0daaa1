import { readFileSync } from 'node:fs';
import { isAlive } from '../runtime/shared/run-label.js';

/**
 * Whether a process still runs. A process that has exited but whose parent has not reaped it yet (a
 * zombie; in some containers init reaps slowly) runs no code and holds no port, so it counts as gone.
 * Reads /proc where there is one; elsewhere falls back to signal 0.
 */
export function isRunning(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return hasProc() ? false : isAlive(pid);
  }
  return stat.charAt(stat.lastIndexOf(')') + 2) !== 'Z';
}

let procMounted: boolean | undefined;
function hasProc(): boolean {
  try {
    procMounted ??= readFileSync('/proc/self/stat', 'utf8').length > 0;
  } catch {
    procMounted = false;
  }
  return procMounted;
}
