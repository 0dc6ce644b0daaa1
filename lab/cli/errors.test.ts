import { describe, expect, it } from 'vitest';
import { TopologyError } from '../topology/topology-error.js';
import { classifyError, SetupError, UsageError } from './errors.js';

describe('classifyError', () => {
  it('gives UsageError and SetupError exit 2 and their message alone', () => {
    expect(classifyError(new UsageError('--link must be one of: backend-database'))).toEqual({
      exitCode: 2,
      message: '--link must be one of: backend-database',
      expected: true,
    });
    expect(classifyError(new SetupError('postgres binaries are missing')).exitCode).toBe(2);
  });

  it('uses the exitCode property of errors from other parts of the lab', () => {
    const error = Object.assign(new Error('promotion timed out'), { exitCode: 1 });
    expect(classifyError(error)).toEqual({ exitCode: 1, message: 'promotion timed out', expected: true });
  });

  it("treats the topology loader's TopologyError as a setup error (exit 2) by its class name", () => {
    const error = new TopologyError([
      { file: 'k8s/base/backend/deployment.yaml', message: 'replicas must be ≥ 1' },
    ]);
    expect(classifyError(error)).toMatchObject({ exitCode: 2, expected: true });
    expect(classifyError(error).message).toContain('k8s/base/backend/deployment.yaml: replicas must be ≥ 1');
  });

  it('explains a port in use as a setup error naming the address', () => {
    const error = Object.assign(new Error('listen EADDRINUSE'), {
      code: 'EADDRINUSE',
      address: '127.0.0.1',
      port: 8080,
    });
    expect(classifyError(error)).toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('127.0.0.1:8080 is already in use'),
    });
  });

  it('exits 2 for an AggregateError of setup errors only, 1 when one is a failure, listing each', () => {
    const setup = new AggregateError([new SetupError('a'), new UsageError('b')], 'two problems');
    expect(classifyError(setup)).toEqual({
      exitCode: 2,
      message: 'two problems\n  - a\n  - b',
      expected: true,
    });
    const mixed = new AggregateError([new SetupError('a'), new Error('boom')], 'teardown failed');
    expect(classifyError(mixed)).toMatchObject({ exitCode: 1, expected: false });
  });

  it('calls anything else a failure (exit 1) that deserves a stack trace on request', () => {
    expect(classifyError(new TypeError('x is undefined'))).toEqual({
      exitCode: 1,
      message: 'x is undefined',
      expected: false,
    });
  });
});
