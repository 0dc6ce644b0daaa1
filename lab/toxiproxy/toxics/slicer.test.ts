import { describe, expect, it } from 'vitest';
import { sliceOffsets } from './slicer.js';

const pieces = (offsets: number[]): number[] =>
  offsets.filter((_, i) => i % 2 === 1).map((end, i) => end - (offsets[i * 2] as number));

describe('sliceOffsets', () => {
  it('halves a chunk until the pieces are within average_size ± size_variation', () => {
    const offsets = sliceOffsets(0, 1_000, { average_size: 100, size_variation: 0, delay: 0 }, Math.random);
    expect(pieces(offsets)).toEqual(
      Array(16)
        .fill(0)
        .map((_, i) => (i % 2 === 0 ? 62 : 63)),
    );
  });

  it('covers the chunk without gaps and never splits below one byte (average_size 0 would recurse forever in Go)', () => {
    const offsets = sliceOffsets(0, 10, { average_size: 0, size_variation: 0, delay: 0 }, Math.random);
    expect(pieces(offsets)).toEqual(Array(10).fill(1));
    const varied = sliceOffsets(0, 500, { average_size: 20, size_variation: 400, delay: 0 }, () => 0.999);
    expect(varied[0]).toBe(0);
    expect(varied.at(-1)).toBe(500);
    expect(pieces(varied).every((size) => size > 0)).toBe(true);
  });
});
