import { INTERRUPTED } from '../chunk-queue.js';
import { sleepUntil } from '../toxic-stub.js';
import { defineToxic } from './toxic-definition.js';
import { performance } from 'node:perf_hooks';

/**
 * Resets the connection (TCP RST, "connection reset by peer") `timeout` ms after the first data (or end
 * of stream) reaches it; the data is dropped. The RST comes from the connection closing with SO_LINGER 0,
 * which the real server sets on both sockets when the connection opens with a reset_peer toxic in place
 * (see connection.ts). The wait is not interruptible, as in toxics/reset_peer.go.
 */
export const resetPeerToxic = defineToxic<{ timeout: number }>({
  type: 'reset_peer',
  goType: 'ResetToxic',
  attributes: { timeout: 'int64' },
  async pipe(stub, { timeout }) {
    const first = await stub.receive();
    if (first === INTERRUPTED) return;
    await sleepUntil(performance.now() + timeout);
    stub.close();
  },
});
