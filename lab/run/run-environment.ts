import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Report } from '../report/report-model.js';

/** Where the run happened, for the report: a figure means little without the machine it came from. */
export function runEnvironment(repoRoot: string, adjustments: readonly string[]): Report['environment'] {
  const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  const git = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8', timeout: 5000 });
  const gitCommit = git.status === 0 ? git.stdout.trim() : undefined;
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: os.cpus().length,
    memoryBytes: os.totalmem(),
    labVersion: version,
    ...(gitCommit && { gitCommit }),
    adjustments: [...new Set(adjustments)],
  };
}
