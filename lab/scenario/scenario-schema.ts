import { z } from 'zod';
import { journeyNames } from './scenario-types.js';

/**
 * The shape a scenario file's default export must have, checked when the file is loaded. Every rule
 * says what is allowed and echoes what it got (`must be a fraction between 0 and 1, got 99.9`), so a
 * problem list reads like k6's threshold errors. Objects are strict: a misspelt field (`hypotesis`) is
 * a problem, not silently ignored.
 */

/** A value as a message shows it: strings quoted, numbers as they are, lists, objects and functions named. */
export function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}

/** The message for a value that is not `what`: missing ones are "required", others echo what came. */
const expecting =
  (what: string, hint = '') =>
  (issue: { input?: unknown }): string =>
    (issue.input === undefined ? `is required: ${what}` : `must be ${what}, got ${shown(issue.input)}`) +
    hint;

const number = (what: string, ok: (n: number) => boolean, hint?: string) =>
  z.number({ error: expecting(what, hint) }).refine(ok, { error: expecting(what, hint) });

const fraction = number('a fraction between 0 and 1', (n) => n > 0 && n <= 1, ' (0.999 means 99.9 %)');
const positiveMs = (max: number) =>
  number(
    `a number of milliseconds above 0 and at most ${max}`,
    (n) => Number.isFinite(n) && n > 0 && n <= max,
  );
const count = number('a whole number from 0 up', (n) => Number.isInteger(n) && n >= 0);
const text = (what: string) =>
  z
    .string({ error: expecting(what) })
    .refine((s) => s.trim().length > 0, { error: `must be ${what}, got an empty string` });
const fn = (signature: string) =>
  z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', {
    error: expecting(`a function ${signature}`),
  });

export const maxRps = 2000;

export const sloSchema = z.strictObject(
  {
    availability: fraction.optional(),
    p95Ms: positiveMs(600_000).optional(),
    p99Ms: positiveMs(600_000).optional(),
    maxFailedGets: count.optional(),
    recoverWithinMs: positiveMs(600_000).optional(),
    maxLostOrders: count.optional(),
    sustainMs: positiveMs(60_000).optional(),
  },
  { error: expecting('an object of SLO targets, e.g. { availability: 0.99 } ({} judges nothing)') },
);

const journeysSchema = z
  .record(
    z.string(),
    number('a weight of 0 or more', (n) => Number.isFinite(n) && n >= 0),
  )
  .superRefine((journeys, context) => {
    for (const name of Object.keys(journeys)) {
      if (!(journeyNames as readonly string[]).includes(name))
        context.addIssue({
          code: 'custom',
          path: [name],
          message: `is not a journey; journeys are ${journeyNames.join(', ')}`,
        });
    }
    if (!Object.values(journeys).some((weight) => weight > 0))
      context.addIssue({ code: 'custom', message: 'must give at least one journey a weight above 0' });
  });

export const loadSchema = z.strictObject(
  {
    rps: number(`a number of journeys per second above 0 and at most ${maxRps}`, (n) => n > 0 && n <= maxRps),
    journeys: journeysSchema.optional(),
    warmupMs: number(
      'a whole number of milliseconds from 0 to 60000',
      (n) => Number.isInteger(n) && n >= 0 && n <= 60_000,
    ).optional(),
    generator: z
      .enum(['auto', 'built-in', 'k6'], { error: expecting('one of auto, built-in, k6') })
      .optional(),
  },
  { error: expecting('the load to run, e.g. { rps: 30 }') },
);

export const steadyStateSchema = z.strictObject(
  {
    windowMs: positiveMs(60_000).optional(),
    availability: fraction.optional(),
    p99Ms: positiveMs(600_000).optional(),
  },
  { error: expecting('an object, e.g. { windowMs: 3000 }') },
);

const envSchema = z.record(
  z.string(),
  z.record(z.string(), z.string({ error: expecting('a string') }), {
    error: 'must map variable names to string values, e.g. { RATE_LIMIT_MAX: "100" }',
  }),
  { error: 'must map Deployment names to env, e.g. { backend: { RATE_LIMIT_MAX: "100" } }' },
);

export const scenarioSchema = z.strictObject(
  {
    name: z
      .string({ error: expecting('a kebab-case name such as "pod-kill"') })
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: expecting('a kebab-case name such as "pod-kill"') }),
    description: text('one line of text').refine((s) => !s.includes('\n'), {
      error: 'must be one line (it is what `lab list` shows); put details in hypothesis or runbook',
    }),
    hypothesis: text('a sentence saying what stays true while the fault happens'),
    runbook: z
      .array(text('a step a person on call would take'), { error: expecting('a list of steps (strings)') })
      .optional(),
    slo: sloSchema,
    load: loadSchema,
    steadyState: steadyStateSchema.optional(),
    timeoutMs: positiveMs(600_000).optional(),
    env: envSchema.optional(),
    run: fn('(lab) => Promise<void>'),
    rollback: fn('(lab) => Promise<void>').optional(),
  },
  { error: expecting('a scenario: export default defineScenario({ name, description, ... })') },
);
