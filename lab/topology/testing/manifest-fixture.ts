import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The scripts the manifests' local-command annotations run; the fixture creates empty stand-ins. */
const ENTRY_POINTS = ['app/backend/src/server.ts', 'app/frontend/server/server.ts'];

/**
 * A throwaway repository holding a copy of k8s/base and k8s/overlays/lab, for tests that break the
 * manifests on purpose. `replace` edits one file and returns the line the edit landed on, so a test
 * can assert the line an error names. Remove it with `await using` (or `remove()`).
 */
export interface ManifestFixture extends AsyncDisposable {
  repoRoot: string;
  replace(file: string, search: string, replacement: string): Promise<number>;
  /** The 1-based line where `search` starts in `file` (which must hold it exactly once). */
  lineOf(file: string, search: string): Promise<number>;
  write(file: string, content: string): Promise<void>;
  remove(): Promise<void>;
}

function lineOf(text: string, search: string, file: string): number {
  const at = text.indexOf(search);
  if (at < 0 || text.indexOf(search, at + 1) >= 0) {
    throw new Error(`${file}: expected exactly one occurrence of ${JSON.stringify(search)}`);
  }
  return text.slice(0, at).split('\n').length;
}

export async function copyManifests(): Promise<ManifestFixture> {
  const repoRoot = await mkdtemp(path.join(tmpdir(), 'dhakacart-topology-'));
  const remove = () => rm(repoRoot, { recursive: true, force: true });
  try {
    for (const dir of ['k8s/base', 'k8s/overlays/lab']) {
      await cp(path.join(REPO_ROOT, dir), path.join(repoRoot, dir), { recursive: true });
    }
    for (const entry of ENTRY_POINTS) {
      await mkdir(path.dirname(path.join(repoRoot, entry)), { recursive: true });
      await writeFile(path.join(repoRoot, entry), '');
    }
  } catch (error) {
    await remove();
    throw error;
  }
  const write = async (file: string, content: string) => {
    await mkdir(path.dirname(path.join(repoRoot, file)), { recursive: true });
    await writeFile(path.join(repoRoot, file), content);
  };
  return {
    repoRoot,
    write,
    remove,
    [Symbol.asyncDispose]: remove,
    lineOf: async (file, search) => lineOf(await readFile(path.join(repoRoot, file), 'utf8'), search, file),
    async replace(file, search, replacement) {
      const text = await readFile(path.join(repoRoot, file), 'utf8');
      const line = lineOf(text, search, file);
      const at = text.indexOf(search);
      await write(file, text.slice(0, at) + replacement + text.slice(at + search.length));
      return line;
    },
  };
}
