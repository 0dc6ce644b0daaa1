import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { labProcesses, median, memoryOf, mib, withDescendants } from './process-memory.js';

/**
 * `npm run bench:lab-up`: how long `lab up` takes until every pod is ready and the storefront answers
 * through the ingress (the moment it prints `control: URL`), the resident memory of the whole running
 * topology, and that Ctrl-C leaves nothing behind. Runs `lab up` as a user would, as a real process,
 * RUNS times (default 5; `RUNS=3 npm run bench:lab-up`), and prints each run and the medians.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runs = Number(process.env.RUNS ?? 5);
const upTimeoutMs = 60_000;

interface RunFigures {
  upMs: number;
  rssBytes: number;
  pssBytes: number;
  processes: number;
  downMs: number;
  leftovers: number;
}

async function oneRun(): Promise<RunFigures> {
  const started = performance.now();
  const lab = spawn(process.execPath, ['--import', 'tsx', 'lab/cli/main.ts', 'up'], {
    cwd: repoRoot,
    env: { ...process.env, CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const urls = await new Promise<Record<string, string>>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`lab up printed no control: line in ${upTimeoutMs} ms\n${output}`)),
      upTimeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = Object.fromEntries(
        [...output.matchAll(/^(storefront|api|control): (\S+)$/gm)].map((m) => [m[1], m[2]]),
      );
      if (found.control) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    lab.stdout.on('data', onData);
    lab.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    lab.once('exit', (code) => reject(new Error(`lab up exited with ${code} before it was up\n${output}`)));
  });
  const upMs = performance.now() - started;
  const page = await fetch(urls.storefront!);
  if (!page.ok) throw new Error(`storefront answered ${page.status} through the ingress`);
  await page.arrayBuffer();
  const pids = await withDescendants(await labProcesses(lab.pid!));
  const memory = await memoryOf(pids);
  const stopping = performance.now();
  const exited = new Promise<void>((resolve) => lab.once('exit', () => resolve()));
  lab.kill('SIGINT');
  await exited;
  const downMs = performance.now() - stopping;
  const leftovers = (await labProcesses(lab.pid!)).length - 1;
  return { upMs, rssBytes: memory.rss, pssBytes: memory.pss, processes: pids.length, downMs, leftovers };
}

const results: RunFigures[] = [];
for (let i = 1; i <= runs; i++) {
  const r = await oneRun();
  results.push(r);
  console.log(
    `run ${i}: up ${(r.upMs / 1000).toFixed(2)} s, ${r.processes} processes, RSS ${mib(r.rssBytes)} (PSS ${mib(r.pssBytes)}), down ${(r.downMs / 1000).toFixed(2)} s, leftovers ${r.leftovers}`,
  );
}
console.log(
  `median of ${runs}: up ${(median(results.map((r) => r.upMs)) / 1000).toFixed(2)} s (target ≤ 5 s), ` +
    `RSS ${mib(median(results.map((r) => r.rssBytes)))} / PSS ${mib(median(results.map((r) => r.pssBytes)))} (target ≤ 1.5 GB), ` +
    `down ${(median(results.map((r) => r.downMs)) / 1000).toFixed(2)} s, leftovers ${Math.max(...results.map((r) => r.leftovers))}`,
);
if (results.some((r) => r.leftovers > 0)) process.exitCode = 1;
