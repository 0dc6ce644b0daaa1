import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkScenarioImports } from './check-imports.js';
import { resolveScenario, type ResolvedScenario } from './resolve-scenario.js';
import { ScenarioError } from './scenario-error.js';
import { validateScenario, type ScenarioProblem } from './validate-scenario.js';

/** A scenario name or file given on the command line that names nothing. */
export class UnknownScenarioError extends Error {
  override readonly name = 'UnknownScenarioError';
  readonly exitCode = 2;
}

export interface ScenarioSource {
  /** The folder of the suite (`scenarios/`): what runs when nothing is named, where names are looked up. */
  scenariosDir: string;
  /** Paths in messages are relative to it. */
  cwd: string;
}

/** The scenario files of a folder: `*.ts` that are not tests, in name order (the suite's order). */
export async function listScenarioFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return (
    entries
      .filter(
        (e) => e.isFile() && /\.(ts|mts|js|mjs)$/.test(e.name) && !/\.(test|spec)\.[mc]?[jt]s$/.test(e.name),
      )
      .map((e) => e.name)
      // By name without the extension, so `pod-kill` comes before `pod-kill-all-but-one`.
      .sort((a, b) => stem(a).localeCompare(stem(b), 'en'))
      .map((name) => path.join(dir, name))
  );
}

/**
 * What `lab run [scenario...]` runs: every scenario of the suite when none is named; else each argument
 * in order, as a file path (contains a `/` or ends in `.ts`/`.js`) or a scenario name from the suite.
 * Every file involved is loaded and checked first, and all problems (invalid fields, forbidden
 * imports, two scenarios with one name) are reported together as one ScenarioError.
 */
export async function selectScenarios(
  args: readonly string[],
  source: ScenarioSource,
): Promise<ResolvedScenario[]> {
  const isFile = (arg: string) => arg.includes('/') || arg.includes(path.sep) || /\.[mc]?[jt]s$/.test(arg);
  const files = args.filter(isFile).map((arg) => path.resolve(source.cwd, arg));
  for (const [i, file] of files.entries()) {
    if (!existsSync(file)) throw new UnknownScenarioError(`no scenario file at ${args.filter(isFile)[i]}`);
  }
  const names = args.filter((arg) => !isFile(arg));
  const suite = args.length === 0 || names.length > 0 ? await listScenarioFiles(source.scenariosDir) : [];
  const loaded = await loadScenarioFiles([...new Set([...suite, ...files])], source.cwd);

  if (args.length === 0) return loaded;
  const byName = new Map(loaded.map((s) => [s.name, s]));
  const byFile = new Map(loaded.map((s) => [path.resolve(source.cwd, s.file), s]));
  const unknown = names.filter((name) => !byName.has(name));
  if (unknown.length > 0) {
    const known = loaded.filter((s) => suite.includes(path.resolve(source.cwd, s.file))).map((s) => s.name);
    throw new UnknownScenarioError(
      `unknown scenario ${unknown.map((n) => `"${n}"`).join(', ')}; known scenarios: ${known.join(', ') || `(none in ${path.relative(source.cwd, source.scenariosDir) || '.'})`}; or pass a scenario file's path`,
    );
  }
  const selected = args.map((arg) =>
    isFile(arg) ? byFile.get(path.resolve(source.cwd, arg))! : byName.get(arg)!,
  );
  return [...new Set(selected)];
}

const stem = (file: string) => file.replace(/\.[mc]?[jt]s$/, '');

/** Loads, checks and resolves scenario files; throws one ScenarioError naming every problem found. */
export async function loadScenarioFiles(files: readonly string[], cwd: string): Promise<ResolvedScenario[]> {
  const problems: ScenarioProblem[] = [];
  const scenarios: ResolvedScenario[] = [];
  for (const file of files) {
    const shownAs = path.relative(cwd, file) || file;
    problems.push(...(await checkScenarioImports(file, shownAs)));
    const value = await importDefault(file, shownAs, problems);
    if (value === undefined) continue;
    const result = validateScenario(value, shownAs);
    if (result.ok) scenarios.push(resolveScenario(result.scenario, shownAs));
    else problems.push(...result.problems);
  }
  const seen = new Map<string, string>();
  for (const scenario of scenarios) {
    const first = seen.get(scenario.name);
    if (first !== undefined)
      problems.push({
        file: scenario.file,
        field: 'name',
        message: `"${scenario.name}" is already the name of the scenario in ${first}; names must be unique`,
      });
    else seen.set(scenario.name, scenario.file);
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  return scenarios;
}

async function importDefault(file: string, shownAs: string, problems: ScenarioProblem[]): Promise<unknown> {
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    problems.push({ file: shownAs, field: '', message: `cannot be loaded: ${(error as Error).message}` });
    return undefined;
  }
  if (module.default === undefined) {
    problems.push({
      file: shownAs,
      field: '',
      message: 'has no default export; write `export default defineScenario({ ... })`',
    });
    return undefined;
  }
  return module.default;
}
