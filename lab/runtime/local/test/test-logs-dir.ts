import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A temp folder for a test topology's per-process logs, so tests leave nothing in the repository's
 * reports/ (where a user's runs go); `remove()` is for afterAll.
 */
export async function testLogsDir(): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lab-test-logs-'));
  return { path: dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
