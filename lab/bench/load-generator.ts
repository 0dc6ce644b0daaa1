import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLoad } from '../load/index.js';
import type { RequestRecord } from '../load/request-record.js';
import { startTrivialShop, trivialShoppers } from '../load/test/trivial-shop.js';
import { newRunId, runLabel } from '../runtime/shared/run-label.js';
import { which } from '../testing/tool.js';

/**
 * `npx tsx lab/bench/load-generator.ts` (npm run bench:load): how much load the built-in open-model
 * generator sustains on one core, side by side with k6 and wrk on the same machine and server.
 *
 * Two processes, each pinned with taskset when it is installed: a trivial HTTP server (core 0) and the
 * generator under test (core 1; k6 and wrk inherit the pin from the process that starts them). Every
 * generator sends single-request journeys (GET /api/products/:id) at a fixed rate for SECONDS.
 * Figures per run: achieved requests/s, dropped %, p50/p99 latency, and CPU ms per 1000 requests of
 * the generator's process tree during the run (from /proc/self/stat, waited-for children included),
 * whose ratio compares them.
 * Latency is finishedAt − scheduledAt for the built-in generator and k6 (open model); wrk has no
 * arrival rate (it is closed-loop: each connection waits for its answer, here plus a delay() that
 * paces it to the rate), so its latency leaves out queueing behind slow answers.
 * Env: RATES (built-in steps, default 500,1000,2000,3000), RATE (k6 and wrk, default 2000), SECONDS (10),
 * LATE_TOLERANCE_MS (the built-in generator's, default its own).
 */
const rates = (process.env.RATES ?? '500,1000,2000,3000').split(',').map(Number);
const compareRate = Number(process.env.RATE ?? 2000);
const seconds = Number(process.env.SECONDS ?? 10);
const self = fileURLToPath(import.meta.url);
const wrkConnections = 20;

interface Figures {
  generator: string;
  targetRps: number;
  achievedRps: number;
  droppedPct: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPer1000: number;
}

/** CPU ms used by this process and its waited-for children (utime, stime, cutime, cstime). */
function cpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
  return ticks * 10; // USER_HZ is 100 on Linux
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function figuresOf(
  generator: string,
  targetRps: number,
  records: readonly RequestRecord[],
  cpu: number,
): Figures {
  const sent = records.filter((r) => r.errorKind !== 'dropped');
  const latencies = sent.map((r) => r.finishedAt - r.scheduledAt).sort((a, b) => a - b);
  const first = Math.min(...records.map((r) => r.scheduledAt));
  const last = Math.max(...records.map((r) => r.scheduledAt));
  const spanS = Math.max(1e-3, (last - first) / 1000);
  return {
    generator,
    targetRps,
    achievedRps: sent.length / spanS,
    droppedPct: (100 * (records.length - sent.length)) / Math.max(1, records.length),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    cpuMsPer1000: (1000 * cpu) / Math.max(1, records.length),
  };
}

/** Role `server`: the trivial shop, printing its origin; ends when stdin closes. */
async function runServer(): Promise<void> {
  const shop = await startTrivialShop({ record: false });
  process.stdout.write(`${shop.origin}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void shop.close().then(() => process.exit(0)));
}

/** Role `load`: one run of the built-in generator or k6 against `origin`; prints Figures as JSON. */
async function runLoad(generator: 'built-in' | 'k6', origin: string, rps: number): Promise<void> {
  const workDir = await mkdtemp(join(tmpdir(), 'dhakacart-bench-load-'));
  try {
    let before = cpuMs();
    const load = await startLoad({
      baseUrl: origin,
      shoppers: trivialShoppers,
      rps,
      journeys: { product: 1 },
      seed: 1,
      generator,
      maxDurationMs: seconds * 1000,
      workDir,
      runId: newRunId(),
      // Stricter than the lab's default (250 ms), so the capacity figure is a conservative one.
      lateToleranceMs: Number(process.env.LATE_TOLERANCE_MS ?? 25),
    });
    // The built-in generator's set-up (bundling its worker) is not load; k6's process is counted whole,
    // its start included, as it is only reaped (and its CPU time known) when it exits.
    if (generator === 'built-in') before = cpuMs();
    await load.finished;
    const { records } = await load.stop();
    const name = generator === 'k6' ? load.generator : 'built-in';
    process.stdout.write(`${JSON.stringify(figuresOf(name, rps, records, cpuMs() - before))}\n`);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Role `wrk`: wrk paced to `rps` with a Lua delay(); prints Figures as JSON. */
async function runWrk(origin: string, rps: number): Promise<void> {
  const workDir = await mkdtemp(join(tmpdir(), 'dhakacart-bench-wrk-'));
  try {
    const script = join(workDir, 'pace.lua');
    // Each connection waits this long after an answer: connections × 1000 / rate ms, less ~0.2 ms of latency.
    await writeFile(
      script,
      `function delay() return ${Math.max(0, (wrkConnections * 1000) / rps - 0.2)} end\n`,
    );
    const before = cpuMs();
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        'wrk',
        [
          '-t1',
          `-c${wrkConnections}`,
          `-d${seconds}s`,
          '--latency',
          '-s',
          script,
          `${origin}/api/products/1`,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.once('error', reject);
      child.once('exit', (code) =>
        code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}: ${text}`)),
      );
    });
    const cpu = cpuMs() - before;
    const requests = Number(/(\d+) requests in/.exec(output)?.[1] ?? 0);
    const ms = (label: string): number => {
      const match = new RegExp(`${label}%\\s+([\\d.]+)(us|ms|s)`).exec(output);
      if (!match) return Number.NaN;
      const value = Number(match[1]);
      return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
    };
    const figures: Figures = {
      generator: 'wrk (closed loop, paced)',
      targetRps: rps,
      achievedRps: Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? 0),
      droppedPct: 0,
      p50Ms: ms('50'),
      p99Ms: ms('99'),
      cpuMsPer1000: (1000 * cpu) / Math.max(1, requests),
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Runs this file in another process with `role`, pinned to `core` when taskset is installed. */
function child(core: number, args: string[], runId: string) {
  const node = [process.execPath, '--import', 'tsx', self, ...args];
  const command = which('taskset') ? ['taskset', '-c', String(core), ...node] : node;
  return spawn(command[0]!, command.slice(1), {
    stdio: ['pipe', 'pipe', 'inherit'],
    detached: true,
    env: { ...process.env, ...runLabel(runId) },
  });
}

async function measure(args: string[], runId: string): Promise<Figures> {
  const proc = child(1, args, runId);
  proc.stdin.end();
  let text = '';
  proc.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
  const line = text.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !line.startsWith('{'))
    throw new Error(`bench role ${args.join(' ')} exited with ${code}: ${text}`);
  return JSON.parse(line) as Figures;
}

async function main(): Promise<void> {
  const runId = newRunId();
  const server = child(0, ['server'], runId);
  const origin = await new Promise<string>((resolve, reject) => {
    server.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    server.once('exit', (code) => reject(new Error(`the bench server exited with ${code}`)));
  });
  const results: Figures[] = [];
  const print = (f: Figures): void => {
    results.push(f);
    console.log(
      `${f.generator.padEnd(26)} target ${String(f.targetRps).padStart(5)}/s  achieved ${f.achievedRps.toFixed(0).padStart(5)}/s  ` +
        `dropped ${f.droppedPct.toFixed(2).padStart(5)} %  p50 ${f.p50Ms.toFixed(2)} ms  p99 ${f.p99Ms.toFixed(2)} ms  ` +
        `CPU ${f.cpuMsPer1000.toFixed(0)} ms/1000 req`,
    );
  };
  try {
    console.log(
      `server ${origin}; ${seconds} s per run; generator pinned to core 1${which('taskset') ? '' : ' (taskset missing: not pinned)'}`,
    );
    for (const rps of rates) print(await measure(['load', 'built-in', origin, String(rps)], runId));
    const builtIn =
      results.find((f) => f.targetRps === compareRate) ??
      (await measure(['load', 'built-in', origin, String(compareRate)], runId));
    const others: Figures[] = [];
    if (which('k6')) others.push(await measure(['load', 'k6', origin, String(compareRate)], runId));
    else console.log('k6 not on PATH: skipped');
    if (which('wrk')) others.push(await measure(['wrk', origin, String(compareRate)], runId));
    else console.log('wrk not on PATH: skipped (apt-get install -y wrk)');
    for (const other of others) {
      print(other);
      console.log(
        `  ratio at ${compareRate}/s, built-in : ${other.generator}: achieved ${(builtIn.achievedRps / other.achievedRps).toFixed(2)}, ` +
          `CPU per request ${(builtIn.cpuMsPer1000 / other.cpuMsPer1000).toFixed(2)}, p99 ${(builtIn.p99Ms / other.p99Ms).toFixed(2)}`,
      );
    }
  } finally {
    server.stdin.end();
    setTimeout(() => {
      if (server.pid && server.exitCode === null) process.kill(-server.pid, 'SIGKILL');
    }, 2000).unref();
  }
}

const [role, ...args] = process.argv.slice(2);
if (role === 'server') await runServer();
else if (role === 'load') await runLoad(args[0] as 'built-in' | 'k6', args[1]!, Number(args[2]));
else if (role === 'wrk') await runWrk(args[0]!, Number(args[1]));
else await main();
