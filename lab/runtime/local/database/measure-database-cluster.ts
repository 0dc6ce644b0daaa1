import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newRunId } from '../../shared/run-label.js';
import { startDatabaseCluster } from './database-cluster.js';

/**
 * Measures the database cluster's bring-up (median of N starts) and a failover with no detection
 * delay (kill → promoted → re-pointed). Run: `npx tsx lab/runtime/local/database/measure-database-cluster.ts [N]`.
 */
const runs = Number(process.argv[2] ?? 5);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const logsDir = await mkdtemp(join(tmpdir(), 'dhakacart-db-measure-'));
try {
  const startups: number[] = [];
  const failovers: number[] = [];
  const reclones: number[] = [];
  for (let i = 0; i < runs; i++) {
    await using cluster = await startDatabaseCluster({
      runId: newRunId(),
      user: 'dhakacart',
      password: 'measure-password',
      database: 'dhakacart',
      logsDir,
      statusPollMs: 0,
    });
    startups.push(cluster.startupMs);
    const result = await cluster.failover({ detectionDelayMs: 0, repoint: () => undefined });
    failovers.push(Date.parse(result.repointedAt) - Date.parse(result.killedAt));
    const began = performance.now();
    await cluster.recloneStandby();
    reclones.push(Math.round(performance.now() - began));
  }
  console.log(`bring-up ms: ${startups.join(', ')} → median ${median(startups)}`);
  console.log(`failover (delay 0) kill→repointed ms: ${failovers.join(', ')} → median ${median(failovers)}`);
  console.log(`re-clone (online base backup) ms: ${reclones.join(', ')} → median ${median(reclones)}`);
} finally {
  await rm(logsDir, { recursive: true, force: true });
}
