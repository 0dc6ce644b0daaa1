import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { selectScenarios } from '../../scenario/load-scenarios.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * `lab list`: the suite's scenarios, one per line, name and one-line description (what `lab run`
 * runs with no arguments, in that order). Every file is loaded and checked, so an invalid scenario
 * shows up here as it would in `lab run` (exit 2, every problem listed).
 */
export function listCommand(): Command {
  return new Command('list')
    .description('list the scenarios of scenarios/ with a one-line description each')
    .action(async () => {
      const scenarios = await selectScenarios([], {
        scenariosDir: path.join(repoRoot, 'scenarios'),
        cwd: process.cwd(),
      });
      const width = Math.max(0, ...scenarios.map((s) => s.name.length));
      for (const s of scenarios) process.stdout.write(`${s.name.padEnd(width)}  ${s.description}\n`);
    });
}
