import { z } from 'zod';
import { parseCpuMillicores, parseMemoryBytes, PERCENT } from './quantities.js';

/** How a problem shows the value it found: JSON, so a string reads `"five"` and a number `5`. */
export const show = (value: unknown): string => JSON.stringify(value) ?? String(value);

/**
 * A zod error option whose message says what was expected and what was found, e.g.
 * `expected a positive integer, got "five"`, or `missing; expected ...` when the field is absent.
 */
export const expected = (what: string) => ({
  error: (issue: { input?: unknown }) =>
    issue.input === undefined ? `missing; expected ${what}` : `expected ${what}, got ${show(issue.input)}`,
});

/**
 * An object whose every field the lab knows (a probe, a rolling update): a misspelled field would
 * otherwise fall back to its default without a word, so an unknown one is a problem naming the known.
 */
export const strictFields = <T extends z.core.$ZodLooseShape>(shape: T, what: string) =>
  z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field; known fields: ${Object.keys(shape).join(', ')}`
        : expected(what).error(issue),
  });

export const text = z.string(expected('a string'));
export const nonEmptyText = z.string(expected('a non-empty string')).min(1, expected('a non-empty string'));
export const positiveInt = z.int(expected('a positive integer')).min(1, expected('a positive integer'));
export const nonNegativeInt = z
  .int(expected('a non-negative integer'))
  .min(0, expected('a non-negative integer'));
export const portNumber = z
  .int(expected('a port number (1-65535)'))
  .min(1, expected('a port number (1-65535)'))
  .max(65535, expected('a port number (1-65535)'));

/** A port by number or by the name of a container port (IntOrString). */
export const portRef = z.union([portNumber, nonEmptyText], expected('a port number or a port name'));

/** An int-or-percent field (maxSurge, minAvailable, ...): `1` or `"25%"`. */
export const intOrPercent = z.union(
  [nonNegativeInt, z.string().regex(PERCENT)],
  expected('a non-negative integer or a percentage such as "25%"'),
);

/** Labels, annotations, ConfigMap data: string values only (YAML `1` or `true` must be quoted). */
export const stringMap = z.record(
  z.string(),
  z.string(expected('a string (quote numbers and booleans)')),
  expected('a mapping of strings'),
);

/** A DNS-1123 name (Service, Deployment, ConfigMap, ...). */
export const objectName = z
  .string(expected('a DNS-1123 name'))
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, expected('a DNS-1123 name'));

export const metadata = z.object(
  {
    name: objectName,
    namespace: objectName.optional(),
    labels: stringMap.optional(),
    annotations: stringMap.optional(),
  },
  expected('a mapping with name'),
);

/** `{ matchLabels }`; matchExpressions are a problem of their own (the lab matches labels only). */
export const labelSelector = z.object(
  { matchLabels: stringMap, matchExpressions: z.array(z.unknown()).optional() },
  expected('a mapping with matchLabels'),
);

const quantity = (what: string, parse: (value: string | number) => number | undefined) =>
  z.union([z.string(), z.number()], expected(what)).transform((value, context) => {
    const parsed = parse(value);
    if (parsed === undefined)
      context.issues.push({ code: 'custom', message: `expected ${what}, got ${show(value)}`, input: value });
    return parsed ?? 0;
  });

export const cpuQuantity = quantity('a CPU quantity such as "250m" or "1"', parseCpuMillicores);
export const memoryQuantity = quantity(
  'a memory quantity such as "256Mi", "1Gi" or "500M"',
  parseMemoryBytes,
);

/** A list, with a message that names what each item is. */
export const listOf = <T extends z.ZodType>(item: T, what: string) =>
  z.array(item, expected(`a list of ${what}`));
