import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLab } from '../../../cli/test-support/run-lab.js';
import { findTool } from '../../../testing/tool.js';
import { imageSet } from './image-set.js';

let registryDir: string;
beforeAll(async () => {
  registryDir = await mkdtemp(path.join(tmpdir(), 'lab-images-cli-'));
});
afterAll(async () => {
  await rm(registryDir, { recursive: true, force: true });
});

describe('lab images', () => {
  const docker = findTool('docker', 'apt-get install -y docker.io');
  if (docker.skipReason) console.warn(docker.skipReason);

  it.skipIf(!!docker.skipReason)(
    'list: every image with its content-addressed tag, present or missing, size',
    async () => {
      const run = await runLab(['images', 'list'], registryDir);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const lines = run.stdout.trim().split('\n');
      expect(lines.map((line) => line.split(/\s+/)[0])).toEqual([...imageSet.names]);
      for (const line of lines) {
        const [name, tag, state, size] = line.split(/\s{2,}/);
        expect(tag).toBe(`dhakacart-lab/${name}:${tag!.split(':')[1]}`);
        expect(tag).toMatch(/:[0-9a-f]{12}$/);
        expect(state).toMatch(/^(present|missing)$/);
        expect(size).toMatch(state === 'present' ? /^\d+(\.\d+)? [kMG]B$/ : /^-$/);
      }
    },
  );

  it('names the known images when asked for an unknown one (exit 2)', async () => {
    const run = await runLab(['images', 'build', 'kind-node'], registryDir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: no image named "kind-node"; images: ${imageSet.names.join(', ')}`);
  });

  it('says how to install Docker when the docker CLI is missing (exit 2, no stack trace)', async () => {
    const run = await runLab(['images', 'list'], registryDir, { PATH: registryDir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: the k3s images need Docker.*apt-get install -y docker\.io\n$/);
  });
});
