import { INTERRUPTED } from '../chunk-queue.js';
import { TIMED_OUT } from '../toxic-stub.js';
import { defineToxic } from './toxic-definition.js';

/**
 * Drops all data and closes the connection once no data has arrived for `timeout` ms (Go re-arms its
 * timer on every chunk). `timeout` 0 never closes: data is dropped until the toxic is removed.
 * Removing the toxic closes the connections it held (its Cleanup closes the stub), as with the real one.
 */
export const timeoutToxic = defineToxic<{ timeout: number }>({
  type: 'timeout',
  goType: 'TimeoutToxic',
  attributes: { timeout: 'int64' },
  async pipe(stub, { timeout }) {
    for (;;) {
      const chunk = timeout > 0 ? await stub.receiveWithin(timeout) : await stub.receive();
      if (chunk === INTERRUPTED) return;
      if (chunk === null || chunk === TIMED_OUT) return stub.close();
      // Drop the data on the ground.
    }
  },
  cleanup(stub) {
    stub.close();
  },
});
