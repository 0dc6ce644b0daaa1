import { INTERRUPTED } from '../chunk-queue.js';
import { defineToxic, randomInt } from './toxic-definition.js';

/**
 * Splits each chunk into pieces of about `average_size` ± `size_variation` bytes, `delay` µs apart,
 * halving recursively as toxics/slicer.go does. Two guards the Go code lacks: a piece is never split
 * below 1 byte (average_size 0 recurses forever there), and a split point stays inside the chunk (a
 * variation larger than half the chunk panics there). Delays under 1 ms are a yield, not a sleep.
 */
type SlicerAttributes = { average_size: number; size_variation: number; delay: number };

export function sliceOffsets(
  start: number,
  end: number,
  attributes: SlicerAttributes,
  random: () => number,
): number[] {
  const { average_size: average, size_variation: variation } = attributes;
  if (end - start - average <= variation || end - start <= 1) return [start, end];
  let mid = start + Math.floor((end - start) / 2);
  if (variation > 0) mid += randomInt(random, variation * 2) - variation;
  mid = Math.min(end - 1, Math.max(start + 1, mid));
  return [...sliceOffsets(start, mid, attributes, random), ...sliceOffsets(mid, end, attributes, random)];
}

export const slicerToxic = defineToxic<SlicerAttributes>({
  type: 'slicer',
  goType: 'SlicerToxic',
  attributes: { average_size: 'int', size_variation: 'int', delay: 'int' },
  async pipe(stub, attributes) {
    for (;;) {
      const chunk = await stub.receive();
      if (chunk === INTERRUPTED) return;
      if (chunk === null) return stub.close();
      const offsets = sliceOffsets(0, chunk.data.length, attributes, stub.random);
      for (let i = 1; i < offsets.length; i += 2) {
        const from = offsets[i - 1] as number;
        const to = offsets[i] as number;
        stub.send({ data: chunk.data.subarray(from, to), timestamp: chunk.timestamp });
        if (!(await stub.sleep(attributes.delay / 1000))) {
          if (to < chunk.data.length)
            stub.send({ data: chunk.data.subarray(to), timestamp: chunk.timestamp });
          return;
        }
      }
    }
  },
});
