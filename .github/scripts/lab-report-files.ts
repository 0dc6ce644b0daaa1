import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Report folders sit at most this deep below the directory CI passes (e.g. ci/<run-id>/report.json). */
const MAX_DEPTH = 3;

/**
 * Finds the newest run's `fileName` (report.md, report.json) under `root`, which is either a
 * `--report-dir` the lab wrote to, or an artifact of one downloaded from another run.
 *
 * The lab keeps `<dir>/latest` pointing at the newest run (DESIGN.md), so a file under a `latest`
 * folder wins. Artifacts may have copied that link as a plain folder, or a run may have written no
 * link at all; then the lexically greatest path wins, because run ids start with their start time.
 */
export function findLatestReportFile(root: string, fileName: string): string | undefined {
  if (!existsSync(root)) return undefined;
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      const stats = statSync(path, { throwIfNoEntry: false });
      if (!stats) continue; // a dangling `latest` link
      if (stats.isDirectory() && depth < MAX_DEPTH) walk(path, depth + 1);
      else if (stats.isFile() && entry === fileName) found.push(path);
    }
  };
  walk(root, 0);
  const underLatest = found.find((path) => relative(root, path).split(sep).includes('latest'));
  return underLatest ?? found.sort().at(-1);
}
