import { randomBytes } from 'node:crypto';
import { lstat, rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Points `<reportsDir>/latest` at `runDir` (the run that just finished). The link is relative, so the
 * reports folder can be moved or uploaded as a CI artifact, and it is replaced atomically (a new link
 * renamed over the old one): a reader following `latest` never finds it missing.
 */
export async function updateLatestLink(reportsDir: string, runDir: string): Promise<string> {
  const link = path.join(reportsDir, 'latest');
  const existing = await lstat(link).catch(() => undefined);
  if (existing && !existing.isSymbolicLink())
    throw new Error(
      `${link} exists and is not a symbolic link; remove it so the lab can point it at the newest run`,
    );
  const temp = path.join(reportsDir, `.latest-${process.pid}-${randomBytes(4).toString('hex')}`);
  await symlink(path.relative(reportsDir, path.resolve(runDir)) || '.', temp, 'dir');
  try {
    await rename(temp, link);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return link;
}
