import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { docker } from './docker-cli.js';
import { labels } from './labels.js';

/**
 * Keeps each container's log in the run's logs/ folder before teardown removes the container (the node's
 * own component logs included), so a report can point at what the database or the node said.
 */
export async function saveContainerLogs(runId: string, logsDir: string): Promise<void> {
  const out = await docker([
    'ps',
    '-a',
    '--filter',
    `label=${labels.run}=${runId}`,
    '--format',
    `{{.ID}} {{.Label "${labels.role}"}}`,
  ]);
  await Promise.all(
    out
      .split('\n')
      .filter(Boolean)
      .map(async (line) => {
        const [id, role] = line.split(' ');
        const text = await docker(['logs', '--timestamps', id!]).catch((e: Error) => e.message);
        await writeFile(path.join(logsDir, `${role || id}.log`), text);
        if (role === 'node') {
          const components = await docker([
            'exec',
            id!,
            'sh',
            '-c',
            'tail -n 2000 /var/log/k8s/*.log 2>/dev/null',
          ]).catch(() => '');
          if (components) await writeFile(path.join(logsDir, 'node-components.log'), components);
        }
      }),
  );
}

/** `docker logs` with the container's stdout and stderr interleaved, as a person would read them. */
async function dockerLogs(id: string): Promise<string> {
  try {
    const { stdout, stderr } = await promisify(execFile)('docker', ['logs', '--timestamps', id], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout + stderr;
  } catch (error) {
    return (error as Error).message;
  }
}
