import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultJourneyMix } from '../load/index.js';
import { selectScenarios, UnknownScenarioError } from './load-scenarios.js';
import { ScenarioError } from './scenario-error.js';

const labIndex = fileURLToPath(new URL('../index.js', import.meta.url));

/** A scenario file as an author writes it; `fields` is pasted into defineScenario({...}). */
const scenarioFile = (fields: string, imports = `import { defineScenario } from '${labIndex}';`) =>
  `${imports}\nexport default defineScenario({ ${fields}, run: async () => {} });\n`;
const minimal = (name: string) =>
  scenarioFile(
    `name: '${name}', description: 'd', hypothesis: 'h', slo: { availability: 0.995 }, load: { rps: 5 }`,
  );

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lab-scenarios-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const write = (name: string, text: string) => writeFile(path.join(dir, name), text);
const select = (args: string[]) => selectScenarios(args, { scenariosDir: dir, cwd: dir });
const problemsOf = async (args: string[]) => {
  const error = await select(args).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ScenarioError);
  return (error as ScenarioError).message
    .split('\n')
    .slice(1)
    .map((line) => line.trim());
};

describe('selectScenarios', () => {
  it('runs the whole folder in name order when nothing is named, test files excluded', async () => {
    await write('b.ts', minimal('second'));
    await write('a.ts', minimal('first'));
    await write('a.test.ts', 'this is not a scenario');
    expect((await select([])).map((s) => s.name)).toEqual(['first', 'second']);
  });

  it('rewrites the short form into the full one: default journey mix, warm-up, generator, steady state', async () => {
    await write('a.ts', minimal('short'));
    const [scenario] = await select([]);
    expect(scenario).toMatchObject({
      file: 'a.ts',
      runbook: [],
      slo: { availability: 0.995, sustainMs: 5000, maxLostOrders: 0 },
      load: { rps: 5, journeys: defaultJourneyMix, warmupMs: 2000, generator: 'auto' },
      steadyState: { windowMs: 3000, availability: 0.995 },
      timeoutMs: 120_000,
      env: {},
    });
  });

  it('picks scenarios by name or by file, in the order given', async () => {
    await write('a.ts', minimal('first'));
    await write('b.ts', minimal('second'));
    const elsewhere = path.join(dir, 'elsewhere.ts');
    await writeFile(elsewhere, minimal('third').replace("name: 'third'", "name: 'third'"));
    expect((await select(['second', './elsewhere.ts', 'first'])).map((s) => s.name)).toEqual([
      'second',
      'third',
      'first',
    ]);
  });

  it('lists the known scenarios when a name is unknown', async () => {
    await write('a.ts', minimal('pod-kill'));
    await write('b.ts', minimal('db-failover'));
    const error = await select(['pod-kil']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownScenarioError);
    expect((error as Error).message).toBe(
      'unknown scenario "pod-kil"; known scenarios: pod-kill, db-failover; or pass a scenario file\'s path',
    );
  });

  it('reports every problem of every file at once, each with its file and field', async () => {
    await write(
      'a.ts',
      scenarioFile(
        `name: 'a', description: 'd', hypothesis: 'h', slo: { availability: 99.9 }, load: { rps: 0 }`,
      ),
    );
    await write('b.ts', scenarioFile(`name: 'b', description: 'd', slo: {}, load: { rps: 5, warmup: 1 }`));
    expect(await problemsOf([])).toEqual([
      'a.ts: slo.availability: must be a fraction between 0 and 1, got 99.9 (0.999 means 99.9 %)',
      'a.ts: load.rps: must be a number of journeys per second above 0 and at most 2000, got 0',
      'b.ts: hypothesis: is required: a sentence saying what stays true while the fault happens',
      'b.ts: load.warmup: is not a field here; the fields are rps, journeys, warmupMs, generator',
    ]);
  });

  it('rejects two scenarios with one name', async () => {
    await write('a.ts', minimal('pod-kill'));
    await write('b.ts', minimal('pod-kill'));
    expect(await problemsOf([])).toEqual([
      'b.ts: name: "pod-kill" is already the name of the scenario in a.ts; names must be unique',
    ]);
  });

  it('rejects a scenario that imports anything but lab/index.ts', async () => {
    await write(
      'a.ts',
      minimal('sneaky').replace('\n', `\nimport { readFile } from 'node:fs/promises';\nvoid readFile;\n`),
    );
    expect(await problemsOf([])).toEqual([
      expect.stringMatching(
        /^a\.ts: imports "node:fs\/promises": a scenario may import only the lab's API, lab\/index\.ts/,
      ),
    ]);
  });

  it('says so when a file has no default export or does not load', async () => {
    await write('a.ts', `export const scenario = 1;\n`);
    await write('b.ts', `export default {{;\n`);
    const problems = await problemsOf([]);
    expect(problems[0]).toBe('a.ts: has no default export; write `export default defineScenario({ ... })`');
    expect(problems[1]).toMatch(/^b\.ts: cannot be loaded: /);
  });

  it('says which file path does not exist', async () => {
    await expect(select(['./missing.ts'])).rejects.toThrow('no scenario file at ./missing.ts');
  });
});
