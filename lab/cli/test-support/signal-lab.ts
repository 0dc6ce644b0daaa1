import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { runLabel } from '../../runtime/shared/run-label.js';
import { forceExit } from '../force-stop.js';
import { ShutdownSignals } from '../shutdown-signals.js';

/**
 * A stand-in for `lab up`'s signal handling in the CLI's tests: the same ShutdownSignals and forceExit,
 * one labelled child process (as every lab process is), and a teardown that takes $STOP_MS. Prints
 * `child <pid>` and `ready`, then `stopping <reason>` and `stopped`; exits 0 after a clean stop.
 */
const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], {
  detached: true,
  stdio: 'ignore',
  env: { ...process.env, ...runLabel('signal-test') },
});
const shutdown = new ShutdownSignals({
  say: (line) => process.stdout.write(`${line}\n`),
  force: () => forceExit((line) => process.stdout.write(`${line}\n`)),
}).install();
process.stdout.write(`child ${child.pid}\nready\n`);
// Bounded life, should a test forget this process.
const bound = setTimeout(() => shutdown.request('time limit'), 60_000);
const reason = await shutdown.requested;
clearTimeout(bound);
process.stdout.write(`stopping ${reason}\n`);
await sleep(Number(process.env.STOP_MS ?? 0));
process.kill(-child.pid!, 'SIGKILL');
process.stdout.write('stopped\n');
process.exit(0);
