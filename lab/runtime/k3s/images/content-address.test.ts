import { chmod, mkdir, mkdtemp, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentAddress, expandFiles, type Inputs } from './content-address.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lab-content-address-'));
  await mkdir(path.join(dir, 'app', 'src'), { recursive: true });
  await writeFile(path.join(dir, 'app', 'Dockerfile'), 'FROM scratch\n');
  await writeFile(path.join(dir, 'app', 'src', 'server.ts'), 'export {};\n');
  await writeFile(path.join(dir, 'package.json'), '{}\n');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const inputs = (values: Record<string, string> = { node: 'v20' }): Inputs => ({
  files: [
    { key: 'app', path: path.join(dir, 'app') },
    { key: 'package.json', path: path.join(dir, 'package.json') },
  ],
  values,
});

describe('contentAddress', () => {
  it('sees a file rewritten with the same size and its old mtime put back (the digest cache keys on ctime too)', async () => {
    const file = path.join(dir, 'app', 'src', 'server.ts');
    const before = await contentAddress(inputs());
    const { atime, mtime, size } = await stat(file);
    await writeFile(file, 'export {}\n;'); // as long as 'export {};\n'
    await utimes(file, atime, mtime);
    expect((await stat(file)).size).toBe(size);
    expect(await contentAddress(inputs())).not.toBe(before);
    await writeFile(file, 'export {};\n');
    await utimes(file, atime, mtime);
    expect(await contentAddress(inputs())).toBe(before);
  });

  it('is 12 hex digits, the same for the same inputs however often it is computed', async () => {
    const first = await contentAddress(inputs(), { base: 'dhakacart-lab/base:0123456789ab' });
    expect(first).toMatch(/^[0-9a-f]{12}$/);
    expect(await contentAddress(inputs(), { base: 'dhakacart-lab/base:0123456789ab' })).toBe(first);
  });

  it('does not depend on where the files are, only on their keys and contents', async () => {
    const before = await contentAddress(inputs());
    const moved = await mkdtemp(path.join(tmpdir(), 'lab-content-address-moved-'));
    try {
      await rename(path.join(dir, 'app'), path.join(moved, 'app'));
      await rename(path.join(dir, 'package.json'), path.join(moved, 'package.json'));
      const elsewhere: Inputs = {
        files: [
          { key: 'app', path: path.join(moved, 'app') },
          { key: 'package.json', path: path.join(moved, 'package.json') },
        ],
        values: { node: 'v20' },
      };
      expect(await contentAddress(elsewhere)).toBe(before);
    } finally {
      await rm(moved, { recursive: true, force: true });
    }
  });

  it.each([
    [
      'a file in a folder input changes',
      () => writeFile(path.join(dir, 'app', 'src', 'server.ts'), 'export const x = 1;\n'),
    ],
    ['a file is added', () => writeFile(path.join(dir, 'app', 'src', 'new.ts'), '')],
    [
      'a file is renamed',
      () => rename(path.join(dir, 'app', 'src', 'server.ts'), path.join(dir, 'app', 'src', 'main.ts')),
    ],
    ['a file becomes executable', () => chmod(path.join(dir, 'app', 'Dockerfile'), 0o755)],
    ['a single-file input changes', () => writeFile(path.join(dir, 'package.json'), '{"name":"x"}\n')],
  ])('changes when %s', async (_what, change) => {
    const before = await contentAddress(inputs());
    await change();
    expect(await contentAddress(inputs())).not.toBe(before);
  });

  it('changes with a value (pinned version, build arg) or a parent tag', async () => {
    const before = await contentAddress(inputs(), { base: 'dhakacart-lab/base:aaaaaaaaaaaa' });
    expect(
      await contentAddress(inputs({ node: 'v22' }), { base: 'dhakacart-lab/base:aaaaaaaaaaaa' }),
    ).not.toBe(before);
    expect(await contentAddress(inputs(), { base: 'dhakacart-lab/base:bbbbbbbbbbbb' })).not.toBe(before);
  });

  it('ignores what .dockerignore keeps out of a build context (node_modules, dist, logs)', async () => {
    const before = await contentAddress(inputs());
    await mkdir(path.join(dir, 'app', 'node_modules', 'x'), { recursive: true });
    await writeFile(path.join(dir, 'app', 'node_modules', 'x', 'index.js'), '');
    await mkdir(path.join(dir, 'app', 'dist'));
    await writeFile(path.join(dir, 'app', 'dist', 'server.js'), '');
    await writeFile(path.join(dir, 'app', 'debug.log'), 'noise');
    expect(await contentAddress(inputs())).toBe(before);
  });

  it('names a missing input file', async () => {
    await expect(
      expandFiles([{ key: 'app/missing.ts', path: path.join(dir, 'missing.ts') }]),
    ).rejects.toThrow(/image input app\/missing\.ts does not exist/);
  });
});
