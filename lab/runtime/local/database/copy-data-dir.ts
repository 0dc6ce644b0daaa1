import { chown, copyFile, lstat, mkdir, readdir, readlink, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { standbyConfFile } from './postgres-config.js';

/**
 * Copies a PostgreSQL data directory for a new standby, leaving out what pg_basebackup leaves out
 * (https://www.postgresql.org/docs/current/continuous-archiving.html#BACKUP-LOWLEVEL-BASE-BACKUP-DATA,
 * and pg_basebackup's exclusion lists): WAL (the standby streams it through its slot), replication
 * slots, runtime-only directories, the postmaster's pid/opts files, relcache init files, temp files,
 * and the node-specific recovery files.
 *
 * Hand-written rather than `fs.cp` or `cp -a` because an online copy must tolerate files that vanish
 * while it runs (PostgreSQL keeps working), and the copy must belong to the user the server runs as.
 */
const contentsExcluded = new Set([
  'pg_wal',
  'pg_replslot',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_stat_tmp',
  'pg_subtrans',
]);
const filesExcluded = new Set([
  'postmaster.pid',
  'postmaster.opts',
  'pg_internal.init',
  'backup_label',
  'backup_label.old',
  'tablespace_map',
  'standby.signal',
  'recovery.signal',
  standbyConfFile,
]);

export interface CopyDataDirOptions {
  /** Owner of everything created (when we run as root and the server does not). */
  ids: { uid: number; gid: number } | undefined;
  /**
   * true for an online backup (WAL comes by streaming from backup_label's start point); false for a
   * copy of a cleanly stopped cluster, whose standby needs the WAL holding the last checkpoint.
   */
  excludeWal: boolean;
}

/** At most this many files in flight: enough to keep the disk busy, few enough file descriptors. */
const parallelFiles = 16;

export async function copyDataDir(
  source: string,
  target: string,
  options: CopyDataDirOptions,
): Promise<void> {
  const files: [string, string][] = [];
  const own = async (path: string) => {
    if (options.ids) await chown(path, options.ids.uid, options.ids.gid);
  };

  async function walk(from: string, to: string, depth: number): Promise<void> {
    // PostgreSQL requires the data directory (and wants its subdirectories) to be private.
    await mkdir(to, { mode: 0o700 });
    await own(to);
    const entries = await readdir(from, { withFileTypes: true }).catch(ignoreVanished([]));
    for (const entry of entries) {
      const name = entry.name;
      const src = join(from, name);
      const dst = join(to, name);
      if (entry.isDirectory()) {
        if (depth === 0 && contentsExcluded.has(name) && (name !== 'pg_wal' || options.excludeWal)) {
          await mkdir(dst, { mode: 0o700 });
          await own(dst);
          continue;
        }
        if (name.startsWith('pgsql_tmp')) continue;
        await walk(src, dst, depth + 1);
      } else if (entry.isSymbolicLink()) {
        // Tablespaces are symlinks in pg_tblspc; the lab makes none, but keep the link if one exists.
        const link = await readlink(src).catch(ignoreVanished(undefined));
        if (link !== undefined) await symlink(link, dst);
      } else if (entry.isFile()) {
        if (filesExcluded.has(name) && (depth === 0 || name === 'pg_internal.init')) continue;
        if (name.startsWith('pgsql_tmp')) continue;
        files.push([src, dst]);
      }
    }
  }

  await walk(source, target, 0);
  if (options.excludeWal) {
    // pg_basebackup creates these too; the server would otherwise create them at start.
    for (const dir of ['archive_status', 'summaries']) {
      const path = join(target, 'pg_wal', dir);
      await mkdir(path, { mode: 0o700 });
      await own(path);
    }
  }
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const [src, dst] = files[next++]!;
      try {
        await copyFile(src, dst);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !(await exists(dst))) continue;
        throw error;
      }
      await own(dst);
    }
  };
  await Promise.all(Array.from({ length: parallelFiles }, worker));
}

function ignoreVanished<T>(fallback: T) {
  return (error: unknown): T => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw error;
  };
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}
