import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
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
        // Containers beside the node stream their logs to logs/ themselves (testcontainers log consumers).
        if (role !== 'node') return;
        await writeFile(path.join(logsDir, 'node.log'), await dockerLogs(id!));
        const components = await docker([
          'exec',
          id!,
          'sh',
          '-c',
          'tail -n 2000 /var/log/k8s/*.log 2>/dev/null; true',
        ]).catch(() => '');
        if (components) await writeFile(path.join(logsDir, 'node-components.log'), components);
        // Every pod's container log, as `kubectl logs` shows it (kubelet keeps them in /var/log/pods).
        const pods = await docker([
          'exec',
          id!,
          'sh',
          '-c',
          'for f in /var/log/pods/*/*/*.log; do [ -f "$f" ] && { echo "==> $f <=="; tail -n 500 "$f"; }; done 2>/dev/null; true',
        ]).catch(() => '');
        if (pods) await writeFile(path.join(logsDir, 'pods.log'), pods);
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
