import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runLab } from '../../cli/test-support/run-lab.js';

/**
 * Runs `lab report ...` as a user does: the real CLI in its own process (`node --import tsx
 * lab/cli/main.ts report ...`), so the exit code and the printed text are exactly what a shell sees.
 */
export async function runReportCommand(
  args: string[],
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const registryDir = await mkdtemp(path.join(tmpdir(), 'lab-report-registry-'));
  try {
    const run = await runLab(['report', ...args], registryDir);
    return { exitCode: run.code ?? -1, stdout: run.stdout, stderr: run.stderr };
  } finally {
    await rm(registryDir, { recursive: true, force: true });
  }
}
