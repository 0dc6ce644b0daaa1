import { performance } from 'node:perf_hooks';
import { INTERRUPTED } from '../chunk-queue.js';
import { defineToxic, randomInt } from './toxic-definition.js';

/**
 * Delays each chunk by `latency` ± `jitter` ms, measured from when the chunk was read (so chunks queued
 * behind each other are not delayed twice). Interrupted mid-delay, it lets the chunk go at once
 * (toxics/latency.go: "Exit fast without applying latency").
 */
export const latencyToxic = defineToxic<{ latency: number; jitter: number }>({
  type: 'latency',
  goType: 'LatencyToxic',
  attributes: { latency: 'int64', jitter: 'int64' },
  async pipe(stub, { latency, jitter }) {
    for (;;) {
      const chunk = await stub.receive();
      if (chunk === INTERRUPTED) return;
      if (chunk === null) return stub.close();
      const delay = jitter > 0 ? latency + randomInt(stub.random, jitter * 2) - jitter : latency;
      const sleep = delay - (performance.now() - chunk.timestamp);
      if (!(await stub.sleep(sleep))) {
        stub.send(chunk);
        return;
      }
      chunk.timestamp += sleep;
      stub.send(chunk);
    }
  },
});
