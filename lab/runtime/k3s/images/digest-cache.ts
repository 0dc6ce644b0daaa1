import { createHash } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { labCacheDir } from './paths.js';

/**
 * SHA-256 digests of input files, remembered by what `stat` says of each (device, inode, size, mtime
 * and ctime, as git's index does), so that finding every image's tag does not read ~170 MB (the Node
 * binary, npm, Node's headers, the Go modules) on each `lab up`: about 3 s of a 2-core machine. A file
 * written in any way gets a new ctime, which nothing can set back, so a changed file is always read
 * again. Kept in `<cache>/file-digests.json`, written atomically (temp file + rename) so that two labs
 * starting at once never read half a file; a cache that cannot be read is simply rebuilt.
 */
type Entry = { stat: string; digest: string };

let loaded: Promise<Map<string, Entry>> | undefined;
let dirty = false;

const cacheFile = () => path.join(labCacheDir(), 'file-digests.json');
const statKey = (s: Stats) => `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;

function entries(): Promise<Map<string, Entry>> {
  loaded ??= readFile(cacheFile(), 'utf8').then(
    (text) => new Map(Object.entries(JSON.parse(text) as Record<string, Entry>)),
    () => new Map<string, Entry>(),
  );
  return loaded;
}

/** The file's SHA-256 (hex), read only when its stat differs from the one its cached digest was made for. */
export async function fileDigest(file: string, stat: Stats): Promise<string> {
  const cache = await entries();
  const key = statKey(stat);
  const known = cache.get(file);
  if (known?.stat === key) return known.digest;
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  const digest = hash.digest('hex');
  cache.set(file, { stat: key, digest });
  dirty = true;
  return digest;
}

/** Writes what was learnt since the last save (best effort: a read-only cache only costs time). */
export async function saveDigests(): Promise<void> {
  if (!dirty) return;
  dirty = false;
  const file = cacheFile();
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(temp, JSON.stringify(Object.fromEntries(await entries())));
    await rename(temp, file);
  } catch {
    dirty = true;
  }
}
