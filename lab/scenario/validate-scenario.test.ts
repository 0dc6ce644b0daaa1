import { describe, expect, it } from 'vitest';
import { formatProblem, validateScenario } from './validate-scenario.js';

const valid = {
  name: 'pod-kill',
  description: 'one backend pod killed',
  hypothesis: 'nobody notices',
  slo: { availability: 0.99 },
  load: { rps: 30 },
  run: async () => {},
};

const problemsOf = (value: unknown) => {
  const result = validateScenario(value, 'scenarios/pod-kill.ts');
  return result.ok ? [] : result.problems.map(formatProblem);
};

describe('validateScenario', () => {
  it('accepts the short form a beginner writes', () => {
    expect(validateScenario(valid, 'scenarios/pod-kill.ts')).toMatchObject({ ok: true });
  });

  it('names the file, the field, what is allowed and what it got', () => {
    expect(problemsOf({ ...valid, slo: { availability: 99.9 } })).toEqual([
      'scenarios/pod-kill.ts: slo.availability: must be a fraction between 0 and 1, got 99.9 (0.999 means 99.9 %)',
    ]);
  });

  it('reports every problem at once, not only the first', () => {
    const problems = problemsOf({
      name: 'Pod Kill',
      description: 'two\nlines',
      hypotesis: 'typo',
      slo: { availability: 0, p99: 300 },
      load: { rps: -1, journeys: { browse: 1, fly: 2 }, generator: 'wrk' },
      runbook: ['first', ''],
      env: { backend: { RATE_LIMIT_MAX: 100 } },
      run: 'not a function',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'scenarios/pod-kill.ts: name: must be a kebab-case name such as "pod-kill", got "Pod Kill"',
        expect.stringMatching(/^scenarios\/pod-kill\.ts: description: must be one line/),
        expect.stringMatching(/^scenarios\/pod-kill\.ts: hypothesis: is required/),
        expect.stringMatching(
          /^scenarios\/pod-kill\.ts: hypotesis: is not a field here; the fields are name, description, hypothesis/,
        ),
        expect.stringMatching(
          /^scenarios\/pod-kill\.ts: slo\.availability: must be a fraction between 0 and 1, got 0/,
        ),
        expect.stringMatching(
          /^scenarios\/pod-kill\.ts: slo\.p99: is not a field here; the fields are availability, p95Ms, p99Ms/,
        ),
        expect.stringMatching(
          /^scenarios\/pod-kill\.ts: load\.rps: must be a number of journeys per second above 0/,
        ),
        expect.stringMatching(
          /^scenarios\/pod-kill\.ts: load\.journeys\.fly: is not a journey; journeys are browse, search/,
        ),
        'scenarios/pod-kill.ts: load.generator: must be one of auto, built-in, k6, got "wrk"',
        expect.stringMatching(
          /^scenarios\/pod-kill\.ts: runbook\[1\]: must be a step a person on call would take, got an empty string/,
        ),
        'scenarios/pod-kill.ts: env.backend.RATE_LIMIT_MAX: must be a string, got 100',
        'scenarios/pod-kill.ts: run: must be a function (lab) => Promise<void>, got "not a function"',
      ]),
    );
    expect(problems).toHaveLength(12);
  });

  it('says which required fields are missing', () => {
    expect(problemsOf({})).toEqual([
      'scenarios/pod-kill.ts: name: is required: a kebab-case name such as "pod-kill"',
      'scenarios/pod-kill.ts: description: is required: one line of text',
      'scenarios/pod-kill.ts: hypothesis: is required: a sentence saying what stays true while the fault happens',
      'scenarios/pod-kill.ts: slo: is required: an object of SLO targets, e.g. { availability: 0.99 } ({} judges nothing)',
      'scenarios/pod-kill.ts: load: is required: the load to run, e.g. { rps: 30 }',
      'scenarios/pod-kill.ts: run: is required: a function (lab) => Promise<void>',
    ]);
  });

  it('rejects a journey mix with no weight above 0', () => {
    expect(problemsOf({ ...valid, load: { rps: 5, journeys: { browse: 0 } } })).toEqual([
      'scenarios/pod-kill.ts: load.journeys: must give at least one journey a weight above 0',
    ]);
  });

  it('rejects something that is not a scenario at all', () => {
    expect(problemsOf(42)).toEqual([
      'scenarios/pod-kill.ts: must be a scenario: export default defineScenario({ name, description, ... }), got 42',
    ]);
  });
});
