import type { ErrorKind } from '../request-record.js';

/** The error kind of a response whose status the step did not expect (undefined when it did). */
export function classifyStatus(status: number, expected: readonly number[]): ErrorKind | undefined {
  if (expected.includes(status)) return undefined;
  if (status >= 500) return 'http_5xx';
  if (status === 429) return 'http_429';
  if (status >= 400) return 'http_4xx';
  return 'unexpected_status';
}
