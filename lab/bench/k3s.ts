import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { docker } from '../runtime/k3s/docker/docker-cli.js';
import { listLabResources } from '../runtime/k3s/docker/lab-resources.js';
import { median, memoryOf, mib, withDescendants } from './process-memory.js';

/**
 * `npm run bench:k3s [-- --smoke]`: the k3s profile's figures (issue: `lab up --profile k3s` ≤ 20 s with
 * images built, warm image rebuild ≤ 60 s, whole topology ≤ 1.5 GiB RSS, pod-kill under load 0 failed
 * GETs, db-failover RPO 0). Runs everything as a user does, as real processes: `lab images build`
 * (warm), `lab up --profile k3s` until it prints `control:` (every pod ready, the storefront answering
 * through the in-cluster ingress), the memory of the lab process and every process in its containers,
 * Ctrl-C and what it left; then `lab run --profile k3s pod-kill db-failover` and the figures from its
 * report.json. Medians of RUNS (default 3); `--smoke` does one of each and no scenarios, for CI.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const smoke = process.argv.includes('--smoke');
const runs = smoke ? 1 : Number(process.env.RUNS ?? 3);
const upTimeoutMs = 600_000;

function lab(args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', 'lab/cli/main.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function timed(args: string[]): Promise<{ ms: number; code: number | null; output: string }> {
  const started = performance.now();
  const child = lab(args);
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { ms: performance.now() - started, code, output };
}

interface Memory {
  rss: number;
  pss: number;
  processes: number;
}

/**
 * The topology is every process in the run's containers (their init and descendants, seen from the
 * host); the lab CLI that drives it (node, and tsx's esbuild service, since the CLI runs from source)
 * is measured apart, as kind's own CLI is not part of a kind cluster. Summed RSS counts a page shared
 * by several processes (the node binary of six pods, PostgreSQL's shared buffers) once per process;
 * PSS divides it among them, so the PSS sum is the memory the topology really occupies.
 */
async function topologyMemory(labPid: number, runId: string): Promise<{ topology: Memory; cli: Memory }> {
  const ids = (await listLabResources({ runId })).containers;
  const inits = await Promise.all(
    ids.map(async (id) => Number((await docker(['inspect', '-f', '{{.State.Pid}}', id])).trim())),
  );
  const topologyPids = await withDescendants(inits.filter((p) => p > 0));
  const cliPids = (await withDescendants([labPid])).filter((p) => !topologyPids.includes(p));
  return {
    topology: { ...(await memoryOf(topologyPids)), processes: topologyPids.length },
    cli: { ...(await memoryOf(cliPids)), processes: cliPids.length },
  };
}

async function upOnce(): Promise<{
  upMs: number;
  phases: string;
  topology: Memory;
  cli: Memory;
  downMs: number;
  leftovers: number;
}> {
  const started = performance.now();
  const child = lab(['up', '--profile', 'k3s']);
  let output = '';
  const urls = await new Promise<Record<string, string>>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no control: line in ${upTimeoutMs} ms\n${output}`)),
      upTimeoutMs,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = Object.fromEntries(
        [...output.matchAll(/^(storefront|api|control): (\S+)$/gm)].map((m) => [m[1], m[2]]),
      );
      if (found.control) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`lab up exited with ${code} before it was up\n${output}`)));
  });
  const upMs = performance.now() - started;
  // Where the time went: the lab's own step lines (`✓ node (6.2 s): ...`), as it printed them.
  const phases = [
    ...output.matchAll(/^✓ (docker|node|database|toxiproxy|manifests|pods|ingress) \(([\d.]+) s\)/gm),
  ]
    .map((m) => `${m[1]} ${m[2]} s`)
    .join(', ');
  const page = await fetch(urls.storefront!);
  if (!page.ok) throw new Error(`storefront answered ${page.status} through the ingress`);
  await page.arrayBuffer();
  const runId = /run (\S+) ·/.exec(output)?.[1] ?? '';
  const memory = await topologyMemory(child.pid!, runId);
  const stopping = performance.now();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  await exited;
  const downMs = performance.now() - stopping;
  const left = await listLabResources({ runId });
  const leftovers = left.containers.length + left.volumes.length + left.networks.length;
  return { upMs, phases, ...memory, downMs, leftovers };
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const rebuilds: number[] = [];
for (let i = 1; i <= runs; i++) {
  const r = await timed(['images', 'build']);
  if (r.code !== 0) throw new Error(`lab images build exited ${r.code}\n${r.output}`);
  rebuilds.push(r.ms);
  console.log(`images build (warm) ${i}: ${s(r.ms)}`);
}
const ups: Awaited<ReturnType<typeof upOnce>>[] = [];
for (let i = 1; i <= runs; i++) {
  const r = await upOnce();
  ups.push(r);
  console.log(
    `up ${i}: ${s(r.upMs)} until the storefront answered through the ingress (${r.phases}); topology ${r.topology.processes} processes, ` +
      `RSS ${mib(r.topology.rss)}, PSS ${mib(r.topology.pss)}; lab CLI RSS ${mib(r.cli.rss)}, PSS ${mib(r.cli.pss)}; ` +
      `down ${s(r.downMs)}, leftovers ${r.leftovers}`,
  );
}
console.log(
  `median of ${runs}: warm images build ${s(median(rebuilds))} (target ≤ 60 s), up ${s(median(ups.map((u) => u.upMs)))} (target ≤ 20 s), ` +
    `topology RSS ${mib(median(ups.map((u) => u.topology.rss)))}, PSS ${mib(median(ups.map((u) => u.topology.pss)))} (target ≤ 1.5 GiB), ` +
    `lab CLI RSS ${mib(median(ups.map((u) => u.cli.rss)))}, down ${s(median(ups.map((u) => u.downMs)))}`,
);
if (ups.some((u) => u.leftovers > 0)) process.exitCode = 1;

if (!smoke) {
  const reportDir = path.join(repoRoot, 'reports', 'bench-k3s');
  const run = await timed(['run', '--profile', 'k3s', '--report-dir', reportDir, 'pod-kill', 'db-failover']);
  const report = JSON.parse(await readFile(path.join(reportDir, 'latest', 'report.json'), 'utf8')) as {
    scenarios: {
      name: string;
      verdict: string;
      results: { failedGets: number; lostOrders?: number; availability?: number; timeToRecoverMs?: number };
    }[];
  };
  for (const scenario of report.scenarios)
    console.log(
      `${scenario.name}: ${scenario.verdict}, failed GETs ${scenario.results.failedGets}, lost orders (RPO) ${scenario.results.lostOrders ?? 'n/a'}, ` +
        `availability ${((scenario.results.availability ?? 0) * 100).toFixed(2)} %, recovered in ${scenario.results.timeToRecoverMs !== undefined ? s(scenario.results.timeToRecoverMs) : 'n/a'}`,
    );
  console.log(`lab run --profile k3s exited ${run.code} in ${s(run.ms)}`);
}
