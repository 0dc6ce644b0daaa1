import { readdirSync, readFileSync } from 'node:fs';

/**
 * The processes of one PostgreSQL server: the postmaster and the children it forked (backends,
 * walsenders, walreceiver, checkpointer, ...). Signalling the postmaster's process group is not enough:
 * every child calls setsid() at start (InitPostmasterChild), so each leads a group of its own. We find
 * the children by parent pid instead, with the postmaster stopped so that it can neither fork more nor
 * reap any while we look.
 */

/** Direct children of `pid` (Linux: /proc/<pid>/task/<pid>/children, else a scan of /proc/<n>/stat). */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // Kernels without CONFIG_PROC_CHILDREN: fall back to the parent pid in each process's stat line.
  }
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid ...": comm may contain spaces or parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // the process exited while we looked
    }
  }
  return children;
}

export function sendSignal(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false; // ESRCH: already gone
  }
}

/** The postmaster and its children, postmaster first. */
export function serverPids(postmaster: number): number[] {
  return [postmaster, ...childPids(postmaster)];
}

/**
 * SIGKILL to the postmaster and every child at once, as when the host dies: nobody gets to write a
 * checkpoint, say goodbye to a client, or notice the others going. Synchronous, so an 'exit' handler
 * can use it too.
 */
export function killServer(postmaster: number): void {
  if (!sendSignal(postmaster, 'SIGSTOP')) return;
  for (const child of childPids(postmaster)) sendSignal(child, 'SIGKILL');
  sendSignal(postmaster, 'SIGKILL');
}

/** Freezes (SIGSTOP) or thaws (SIGCONT) a whole server, as a hung host; for tests of waiting. */
export function pauseServer(postmaster: number, paused: boolean): void {
  if (paused) {
    sendSignal(postmaster, 'SIGSTOP');
    for (const child of childPids(postmaster)) sendSignal(child, 'SIGSTOP');
  } else {
    for (const child of childPids(postmaster)) sendSignal(child, 'SIGCONT');
    sendSignal(postmaster, 'SIGCONT');
  }
}
