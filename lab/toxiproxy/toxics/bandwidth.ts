import { performance } from 'node:perf_hooks';
import { INTERRUPTED } from '../chunk-queue.js';
import { defineToxic } from './toxic-definition.js';

/**
 * Limits throughput to `rate` KB/s (1 KB = 1000 bytes): each chunk waits len/rate ms, carrying the
 * timer's error over to the next chunk; chunks larger than 100 ms worth are sent in 100 ms slices.
 * `rate` 0 holds the data until the toxic is removed (the Go loop sends empty slices forever).
 */
export const bandwidthToxic = defineToxic<{ rate: number }>({
  type: 'bandwidth',
  goType: 'BandwidthToxic',
  attributes: { rate: 'int64' },
  async pipe(stub, { rate }) {
    let sleep = 0;
    for (;;) {
      const chunk = await stub.receive();
      if (chunk === INTERRUPTED) return;
      if (chunk === null) return stub.close();
      if (rate <= 0) {
        await stub.untilInterrupted();
        stub.send(chunk);
        return;
      }
      sleep += chunk.data.length / rate;
      const slice = rate * 100;
      while (chunk.data.length > slice) {
        if (!(await stub.sleep(100))) {
          stub.send(chunk);
          return;
        }
        stub.send({ data: chunk.data.subarray(0, slice), timestamp: chunk.timestamp });
        chunk.data = chunk.data.subarray(slice);
        sleep -= 100;
      }
      const start = performance.now();
      if (!(await stub.sleep(sleep))) {
        stub.send(chunk);
        return;
      }
      sleep -= performance.now() - start;
      stub.send(chunk);
    }
  },
});
