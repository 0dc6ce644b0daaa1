import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { pauseServer } from './server-processes.js';

/** Helpers for the database cluster's tests (real servers, real processes). */

export async function query<T extends pg.QueryResultRow = Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function connect(
  url: string,
  { queryTimeoutMs }: { queryTimeoutMs?: number } = {},
): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 5_000,
    ...(queryTimeoutMs !== undefined && { query_timeout: queryTimeoutMs }),
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Polls `check` every 20 ms until it returns true; fails naming `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Leftover checks shared with the other runtime tests (temp dirs on disk and on tmpfs).
export { processesOfRun, tempDirsOfRun } from '../test/leftovers.js';

/** The real uid and the process group of a process, from /proc. */
export async function processIdentity(
  pid: number,
): Promise<{ uid: number; pgrp: number; environ: string[] }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
  // /proc/<pid>/stat: "pid (comm) state ppid pgrp ..."; comm may contain spaces, so split after ')'.
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  const environ = (await readFile(`/proc/${pid}/environ`, 'latin1')).split('\0');
  return { uid, pgrp, environ };
}

/** Freezes a server and all its processes (a hung host), and thaws it in `finally`. */
export async function whileFrozen<T>(postmaster: number, run: () => Promise<T>): Promise<T> {
  pauseServer(postmaster, true);
  try {
    return await run();
  } finally {
    pauseServer(postmaster, false);
  }
}
