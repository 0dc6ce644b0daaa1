import { execFileSync } from 'node:child_process';
import { which } from '../../testing/tool.js';

/** How CI (.ci/run) and developers get k6: built from source with Go, the version this lab was tested with. */
export const k6InstallCommand =
  'cd /tmp && GOFLAGS=-mod=mod go install go.k6.io/k6@v1.8.1 && cp "$(go env GOPATH)/bin/k6" /usr/local/bin/k6';

export function findK6(): string | undefined {
  return which('k6');
}

/** `k6 v1.8.1`, from `k6 version` (which prints `k6 v1.8.1 (go1.26.8, linux/amd64)`). */
export function k6Version(executable: string): string {
  const text = execFileSync(executable, ['version'], { encoding: 'utf8', timeout: 10_000 });
  const match = /k6 (v\d+\.\d+\.\d+\S*)/.exec(text);
  if (!match) throw new Error(`${executable} version printed no k6 version: ${text.trim().slice(0, 200)}`);
  return `k6 ${match[1]}`;
}
