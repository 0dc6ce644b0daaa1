import { chown, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withClient } from './admin-sql.js';
import { copyDataDir } from './copy-data-dir.js';

/**
 * An online base backup of a running primary with PostgreSQL's low-level API, because the npm package
 * ships no pg_basebackup: `pg_backup_start` (fast checkpoint) and `pg_backup_stop` on ONE connection
 * (closing it aborts the backup), the data dir copied in between, and the label file that
 * pg_backup_stop returns written as backup_label, which tells the new standby where to start replaying.
 * https://www.postgresql.org/docs/current/continuous-archiving.html#BACKUP-LOWLEVEL-BASE-BACKUP
 *
 * The caller creates the standby's replication slot first, so the WAL from the backup's start on stays
 * on the primary until the standby has streamed it.
 */
export interface OnlineBaseBackupOptions {
  /** Superuser URL of the running primary. */
  primaryUrl: string;
  primaryDataDir: string;
  targetDataDir: string;
  ids: { uid: number; gid: number } | undefined;
  label: string;
}

export async function onlineBaseBackup(options: OnlineBaseBackupOptions): Promise<void> {
  await withClient(options.primaryUrl, async (client) => {
    await client.query(`SELECT pg_backup_start($1, true)`, [options.label]);
    let stopped = false;
    try {
      await copyDataDir(options.primaryDataDir, options.targetDataDir, {
        ids: options.ids,
        excludeWal: true,
      });
      const result = await client.query<{ labelfile: string; spcmapfile: string | null }>(
        // false: do not wait for WAL archiving, which the lab does not use.
        `SELECT labelfile, spcmapfile FROM pg_backup_stop(false)`,
      );
      stopped = true;
      const { labelfile, spcmapfile } = result.rows[0]!;
      await writeOwned(join(options.targetDataDir, 'backup_label'), labelfile, options.ids);
      if (spcmapfile)
        await writeOwned(join(options.targetDataDir, 'tablespace_map'), spcmapfile, options.ids);
    } finally {
      if (!stopped) await client.query(`SELECT pg_backup_stop(false)`).catch(() => undefined);
    }
  });
}

export async function writeOwned(
  path: string,
  text: string,
  ids: { uid: number; gid: number } | undefined,
): Promise<void> {
  await writeFile(path, text, { mode: 0o600 });
  if (ids) await chown(path, ids.uid, ids.gid);
}
