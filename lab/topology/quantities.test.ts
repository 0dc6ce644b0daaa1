import { describe, expect, it } from 'vitest';
import { parseCpuMillicores, parseMemoryBytes, parseNginxSize, resolveIntOrPercent } from './quantities.js';

describe('parseCpuMillicores', () => {
  it.each([
    ['250m', 250],
    ['1', 1000],
    [1, 1000],
    ['0.5', 500],
    ['0.1', 100],
    ['1.5', 1500],
    ['100u', 1],
    ['2k', 2_000_000],
    ['2e-3', 2],
    ['1e3', 1_000_000],
  ] as const)('reads %j as %i millicores', (value, expected) => {
    expect(parseCpuMillicores(value)).toBe(expected);
  });

  it.each(['', 'abc', '250 m', '-1', '1Mb', 'm', '1e3m'])('rejects %j', (value) => {
    expect(parseCpuMillicores(value)).toBeUndefined();
  });
});

describe('parseMemoryBytes', () => {
  it.each([
    ['256Mi', 256 * 1024 ** 2],
    ['1Gi', 1024 ** 3],
    ['500M', 500_000_000],
    ['128974848', 128_974_848],
    ['129e6', 129_000_000],
    ['1.5Gi', 1.5 * 1024 ** 3],
    ['64Ki', 65_536],
  ] as const)('reads %j as %i bytes', (value, expected) => {
    expect(parseMemoryBytes(value)).toBe(expected);
  });

  it.each(['1GB', 'lots', '-5Mi'])('rejects %j', (value) => {
    expect(parseMemoryBytes(value)).toBeUndefined();
  });
});

describe('resolveIntOrPercent', () => {
  it.each([
    [1, 3, true, 1],
    [0, 3, false, 0],
    ['25%', 3, true, 1],
    ['25%', 3, false, 0],
    ['25%', 10, true, 3],
    ['25%', 10, false, 2],
    ['100%', 3, false, 3],
    ['50%', 5, true, 3],
  ] as const)('resolves %j of %i replicas (round up: %s) to %i', (value, total, roundUp, expected) => {
    expect(resolveIntOrPercent(value, total, roundUp)).toBe(expected);
  });

  it('rejects a string that is not a percentage', () => {
    expect(() => resolveIntOrPercent('1', 3, true)).toThrow(/percentage/);
  });
});

describe('parseNginxSize', () => {
  it.each([
    ['100k', 102_400],
    ['1m', 1_048_576],
    ['8m', 8 * 1_048_576],
    ['8M', 8 * 1_048_576],
    ['1g', 1024 ** 3],
    ['512', 512],
    ['0', 0],
  ] as const)('reads %j as %i bytes', (value, expected) => {
    expect(parseNginxSize(value)).toBe(expected);
  });

  it.each(['1mb', '1.5m', 'big', ''])('rejects %j', (value) => {
    expect(parseNginxSize(value)).toBeUndefined();
  });
});
