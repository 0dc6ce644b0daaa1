import { createHash } from 'node:crypto';
import { lstat, readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import { fileDigest, saveDigests } from './digest-cache.js';

/**
 * A file (or a folder: every file under it) that an image or a Go build is made from. `key` is the name
 * that is hashed, not the place on disk: a repository-relative path, or a logical name such as
 * `node-runtime/node` for the host's Node binary, so the same checkout in another folder, or on another
 * machine, gets the same tags.
 */
export interface InputFile {
  key: string;
  path: string;
}

/** Everything an image is made from. Its tag is the hash of these plus its parents' tags. */
export interface Inputs {
  files: readonly InputFile[];
  /** Pinned versions, build args, flags: anything that is not a file but changes the result. */
  values: Readonly<Record<string, string>>;
}

/**
 * Names never hashed inside a folder input: what /.dockerignore keeps out of a build context (local
 * installs, build output, logs, secrets), so a `npm install` or a test run does not change a tag.
 */
const ignoredNames = new Set(['node_modules', 'dist', 'coverage', 'reports', '.git', '.env', '.DS_Store']);
const ignoredSuffixes = ['.log', '.tsbuildinfo'];
const isIgnored = (name: string) =>
  ignoredNames.has(name) ||
  (name.startsWith('.env.') && name !== '.env.example') ||
  ignoredSuffixes.some((s) => name.endsWith(s));

/** The files behind `inputs`, folders expanded, sorted by key. A missing input is an error naming it. */
export async function expandFiles(inputs: readonly InputFile[]): Promise<InputFile[]> {
  // Folders are walked side by side (npm and Node's headers alone are thousands of entries).
  const visit = async (key: string, file: string): Promise<InputFile[]> => {
    const stat = await lstat(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw new Error(`image input ${key} does not exist (${file})`);
      throw error;
    });
    if (!stat.isDirectory()) return [{ key, path: file }];
    const names = (await readdir(file)).filter((name) => !isIgnored(name));
    const nested = await Promise.all(
      names.map((name) => visit(path.posix.join(key, name), path.join(file, name))),
    );
    return nested.flat();
  };
  const out = (await Promise.all(inputs.map((input) => visit(input.key, input.path)))).flat();
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Every input file's key, executable bit and digest (a symlink: its target), in key order. */
export interface DigestedInputs {
  values: Readonly<Record<string, string>>;
  files: { key: string; executable: boolean; link?: string; digest?: string }[];
}

/** Reads (or finds in the digest cache) every file of `inputs`: the slow half of contentAddress. */
export async function digestInputs(inputs: Inputs): Promise<DigestedInputs> {
  const files = await Promise.all(
    (await expandFiles(inputs.files)).map(async (file) => {
      const stat = await lstat(file.path);
      const executable = (stat.mode & 0o111) !== 0;
      return stat.isSymbolicLink()
        ? { key: file.key, executable, link: await readlink(file.path) }
        : { key: file.key, executable, digest: await fileDigest(file.path, stat) };
    }),
  );
  await saveDigests();
  return { values: inputs.values, files };
}

/**
 * The content address of `inputs` (+ the parents' tags): the first 12 hex digits of a SHA-256 over
 * every file's key, executable bit and contents (a symlink: its target), every value and every parent
 * tag, each field length-prefixed so no two different input sets can produce the same byte stream.
 * Twelve digits, like docker's short image ids: collisions within one machine's image set are not a
 * practical concern.
 */
export async function contentAddress(
  inputs: Inputs | DigestedInputs,
  parentTags: Readonly<Record<string, string>> = {},
): Promise<string> {
  const digested = isDigested(inputs) ? inputs : await digestInputs(inputs);
  const hash = createHash('sha256');
  const field = (kind: string, value: string) =>
    hash.update(`${kind}:${Buffer.byteLength(value)}:${value}\n`);
  for (const [name, tag] of Object.entries(parentTags).sort()) field('parent', `${name}=${tag}`);
  for (const [key, value] of Object.entries(digested.values).sort()) field('value', `${key}=${value}`);
  for (const file of digested.files) {
    field('file', `${file.key} ${file.executable ? 'x' : '-'}`);
    if (file.link !== undefined) field('link', file.link);
    else field('content', file.digest!);
  }
  return hash.digest('hex').slice(0, 12);
}

const isDigested = (inputs: Inputs | DigestedInputs): inputs is DigestedInputs =>
  inputs.files.length > 0 && 'executable' in inputs.files[0]!;
