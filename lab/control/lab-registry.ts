import { chmod, lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { SetupError, UsageError } from '../cli/errors.js';
import { isAlive } from '../runtime/shared/run-label.js';

/**
 * Where running labs announce themselves, so `lab status|down|fault` in another terminal find the control
 * API of the lab `lab up` started. One file per lab (`<runId>.json`, mode 0600: it holds the bearer
 * token) in a per-user directory (mode 0700); two labs never write the same file. An entry whose process
 * is gone (a lab killed with SIGKILL cannot unregister) is removed whenever the registry is read.
 */
export const labEntrySchema = z.object({
  runId: z.string().regex(/^[A-Za-z0-9._-]+$/),
  pid: z.number().int().positive(),
  controlUrl: z.url(),
  token: z.string().min(1),
  urls: z.object({ storefront: z.string(), api: z.string() }).partial().optional(),
  startedAt: z.string(),
});
export type LabEntry = z.infer<typeof labEntrySchema>;

/**
 * `$LAB_REGISTRY_DIR` when set (tests use it to stay apart from labs a person is running), else
 * `$XDG_RUNTIME_DIR/dhakacart-lab` (per-user and cleared at logout), else `<tmpdir>/dhakacart-registry-<uid>`.
 */
export function defaultRegistryDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LAB_REGISTRY_DIR) return env.LAB_REGISTRY_DIR;
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'dhakacart-lab');
  return join(tmpdir(), `dhakacart-registry-${userInfo().uid}`);
}

export const noLabRunningMessage = 'no lab is running; start one with `npm run lab -- up`';

export class LabRegistry {
  constructor(readonly dir: string = defaultRegistryDir()) {}

  /** Announces a running lab; the returned function removes the entry (idempotent). */
  async register(entry: LabEntry): Promise<() => Promise<void>> {
    const valid = labEntrySchema.parse(entry);
    await this.ensureDir();
    const file = this.fileOf(valid.runId);
    // Write then rename, so a reader never sees half an entry.
    const partial = `${file}.${process.pid}.tmp`;
    await writeFile(partial, JSON.stringify(valid, null, 2), { mode: 0o600 });
    await rename(partial, file);
    let removed: Promise<void> | undefined;
    return () => (removed ??= rm(file, { force: true }));
  }

  /** Labs whose process is alive, oldest first; entries of dead processes and unreadable files are removed. */
  async list(): Promise<LabEntry[]> {
    const names = await readdir(this.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    const labs: LabEntry[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const file = join(this.dir, name);
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      const parsed = labEntrySchema.safeParse(safeJson(text));
      if (parsed.success && isAlive(parsed.data.pid)) labs.push(parsed.data);
      else await rm(file, { force: true });
    }
    return labs.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  /**
   * The lab a command acts on: the one with `runId` when given, else the only one running.
   * Throws a SetupError (exit 2) when none runs, a UsageError naming every lab when several do.
   */
  async pick(runId?: string): Promise<LabEntry> {
    const labs = await this.list();
    if (runId !== undefined) {
      const lab = labs.find((l) => l.runId === runId);
      if (lab) return lab;
      if (labs.length === 0)
        throw new SetupError(
          `no lab with run id '${runId}' is running (none is); start one with \`npm run lab -- up\``,
        );
      throw new UsageError(
        `no running lab has run id '${runId}'; running labs: ${labs.map((l) => l.runId).join(', ')}`,
      );
    }
    if (labs.length === 0) throw new SetupError(noLabRunningMessage);
    if (labs.length === 1) return labs[0]!;
    throw new UsageError(
      `${labs.length} labs are running; choose one with --lab <runId>:\n` + labs.map(describeLab).join('\n'),
    );
  }

  private fileOf(runId: string): string {
    return join(this.dir, `${runId}.json`);
  }

  /**
   * Creates the directory private to this user. In a shared /tmp another user could have created it first
   * (to read tokens or plant entries), so an existing one must be a real directory owned by us.
   */
  private async ensureDir(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const stat = await lstat(this.dir);
    const uid = process.getuid?.();
    if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid))
      throw new SetupError(
        `the lab registry ${this.dir} is not a directory owned by you (uid ${uid}); remove it or set LAB_REGISTRY_DIR to a private directory`,
      );
    if ((stat.mode & 0o077) !== 0) await chmod(this.dir, 0o700);
  }
}

function describeLab(lab: LabEntry): string {
  const where = lab.urls?.storefront ? `, storefront ${lab.urls.storefront}` : '';
  return `  ${lab.runId} (pid ${lab.pid}, started ${lab.startedAt}${where})`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
