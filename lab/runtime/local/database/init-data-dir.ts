import { spawn } from 'node:child_process';
import { appendFile, chown, open, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PostgresTools } from './postgres-binaries.js';
import { hbaConf, postgresqlConfAppendix, type SettingValue } from './postgres-config.js';
import { appendLog, logTail, postgresEnv } from './postgres-process.js';

/**
 * Makes a new cluster's data directory with initdb (run as the server's user, in its own process
 * group, labelled with the run) and writes the lab's configuration into it.
 */
export interface InitDataDirOptions {
  node: string;
  tools: PostgresTools;
  /** The node's private dir: the data dir is made in `<nodeDir>/data`. */
  nodeDir: string;
  superuserPassword: string;
  settings: Record<string, SettingValue>;
  runId: string;
  logFile: string;
}

export async function initDataDir(options: InitDataDirOptions): Promise<string> {
  const { tools, nodeDir, logFile } = options;
  const dataDir = join(nodeDir, 'data');
  const pwfile = join(nodeDir, 'pwfile');
  await writeFile(pwfile, `${options.superuserPassword}\n`, { mode: 0o600 });
  if (tools.ids) await chown(pwfile, tools.ids.uid, tools.ids.gid);
  await appendLog(logFile, `${options.node}: initdb ${dataDir}`);
  const logOffset = (await stat(logFile)).size;
  try {
    const log = await open(logFile, 'a');
    let exit: Promise<{ code: number | null; error?: Error }>;
    try {
      const child = spawn(tools.initdb, tools.initdbArgs(dataDir, pwfile), {
        ...tools.ids,
        cwd: nodeDir,
        env: postgresEnv(options.runId),
        detached: true,
        stdio: ['ignore', log.fd, log.fd],
      });
      exit = new Promise((resolve) => {
        child.once('exit', (code) => resolve({ code }));
        child.once('error', (error) => resolve({ code: null, error }));
      });
    } finally {
      await log.close();
    }
    const { code, error } = await exit;
    if (code !== 0) {
      throw new Error(
        `${options.node}: initdb failed (${error?.message ?? `exit code ${code}`}; see ${logFile}); if the binaries cannot run, reinstall them with \`npm ci\`:\n${await logTail(logFile, logOffset)}`,
      );
    }
  } finally {
    await rm(pwfile, { force: true });
  }
  await appendFile(join(dataDir, 'postgresql.conf'), postgresqlConfAppendix(options.settings));
  await writeFile(join(dataDir, 'pg_hba.conf'), hbaConf());
  return dataDir;
}
