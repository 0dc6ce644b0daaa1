import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTool } from '../../../testing/tool.js';
import { labels } from '../docker/labels.js';
import { dockerBuild } from './docker-build.js';
import { ensureImagesIn } from './ensure-images.js';
import { createImageRegistry } from './image-registry.js';
import type { ImageProgress, ImageSpec } from './image-spec.js';

/**
 * The build machinery against the real Docker daemon, with two tiny FROM-scratch images of its own
 * (nothing to pull, a second each) instead of the lab's real ones, which take minutes.
 */
const docker = findTool('docker', 'apt-get install -y docker.io');
if (docker.skipReason) console.warn(docker.skipReason);

const prefix = `test-${process.pid}`;
let dir: string;

const folderSpec = (name: string, parents: string[] = []): ImageSpec => ({
  name,
  description: name,
  parents,
  inputs: () => ({ files: [{ key: name, path: path.join(dir, name) }], values: {} }),
  check: async () => {},
  build: (request) =>
    dockerBuild(request, {
      context: path.join(dir, name),
      buildArgs: Object.fromEntries(parents.map((p) => ['BASE_IMAGE', request.parents[p]!])),
    }),
});

const inspectLabel = (tag: string) =>
  execFileSync(
    'docker',
    ['image', 'inspect', '--format', `{{index .Config.Labels "${labels.image}"}}`, tag],
    {
      encoding: 'utf8',
    },
  ).trim();

describe.skipIf(!!docker.skipReason)('ensureImages with Docker', () => {
  const parent = `${prefix}-parent`;
  const child = `${prefix}-child`;
  const broken = `${prefix}-broken`;
  const registry = createImageRegistry([folderSpec(parent), folderSpec(child, [parent]), folderSpec(broken)]);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lab-ensure-images-'));
    process.env.LAB_CACHE_DIR = path.join(dir, 'cache');
    for (const [name, dockerfile] of [
      [parent, 'FROM scratch\nCOPY hello.txt /hello.txt\n'],
      [child, 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY child.txt /child.txt\n'],
      [broken, 'FROM scratch\nCOPY does-not-exist.txt /\n'],
    ]) {
      execFileSync('mkdir', ['-p', path.join(dir, name!)]);
      await writeFile(path.join(dir, name!, 'Dockerfile'), dockerfile!);
    }
    await writeFile(path.join(dir, parent, 'hello.txt'), 'hello\n');
    await writeFile(path.join(dir, child, 'child.txt'), 'one\n');
  });

  afterAll(async () => {
    delete process.env.LAB_CACHE_DIR;
    const ids = execFileSync(
      'docker',
      ['image', 'ls', '-q', '--filter', `reference=dhakacart-lab/${prefix}-*`],
      {
        encoding: 'utf8',
      },
    );
    const refs = execFileSync(
      'docker',
      ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', `dhakacart-lab/${prefix}-*`],
      {
        encoding: 'utf8',
      },
    );
    const all = [...new Set([...refs.split('\n'), ...ids.split('\n')].filter(Boolean))];
    if (all.length) execFileSync('docker', ['image', 'rm', '--force', ...all], { stdio: 'ignore' });
    await rm(dir, { recursive: true, force: true });
  });

  it('builds parents first, labels every image, and rebuilds only what changed', async () => {
    const steps: ImageProgress[] = [];
    const first = await ensureImagesIn(registry, [child], { onProgress: (s) => steps.push(s) });
    expect(Object.keys(first)).toEqual([parent, child]);
    expect(steps.filter((s) => s.state === 'start').map((s) => s.name)).toEqual([
      `image ${parent}`,
      `image ${child}`,
    ]);
    expect(inspectLabel(first[parent]!)).toBe(parent);
    expect(inspectLabel(first[child]!)).toBe(child);

    steps.length = 0;
    const again = await ensureImagesIn(registry, [child], { onProgress: (s) => steps.push(s) });
    expect(again).toEqual(first);
    expect(steps.every((s) => s.state === 'done' && s.detail?.endsWith('(up to date)'))).toBe(true);

    await writeFile(path.join(dir, child, 'child.txt'), 'two\n');
    steps.length = 0;
    const changed = await ensureImagesIn(registry, [child], { onProgress: (s) => steps.push(s) });
    expect(changed[parent]).toBe(first[parent]);
    expect(changed[child]).not.toBe(first[child]);
    expect(steps.filter((s) => s.state === 'start').map((s) => s.name)).toEqual([`image ${child}`]);
  });

  it('fails a broken build with the last lines of its output and the log file', async () => {
    const steps: ImageProgress[] = [];
    const error = await ensureImagesIn(registry, [broken], { onProgress: (s) => steps.push(s) }).catch(
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /^`docker build --force-rm …` failed \(exit 1\); its last lines:\n/,
    );
    expect((error as Error).message).toMatch(/does-not-exist\.txt/);
    expect((error as Error).message).toContain(
      `(whole output: ${path.join(dir, 'cache', 'logs', `${broken}.log`)})`,
    );
    expect(steps.at(-1)).toMatchObject({ name: `image ${broken}`, state: 'fail' });
  });
});
