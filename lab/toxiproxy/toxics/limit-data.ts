import { INTERRUPTED } from '../chunk-queue.js';
import { defineToxic } from './toxic-definition.js';

interface LimitDataState {
  bytesTransmitted: number;
}

/** Passes the first `bytes` bytes of the connection's direction, then closes it. */
export const limitDataToxic = defineToxic<{ bytes: number }>({
  type: 'limit_data',
  goType: 'LimitDataToxic',
  attributes: { bytes: 'int64' },
  newState: (): LimitDataState => ({ bytesTransmitted: 0 }),
  async pipe(stub, { bytes }) {
    const state = stub.state as LimitDataState;
    let remaining = bytes - state.bytesTransmitted;
    for (;;) {
      const chunk = await stub.receive();
      if (chunk === INTERRUPTED) return;
      if (chunk === null) return stub.close();
      remaining = Math.max(0, remaining);
      const data = remaining < chunk.data.length ? chunk.data.subarray(0, remaining) : chunk.data;
      if (data.length > 0) {
        stub.send({ data, timestamp: chunk.timestamp });
        state.bytesTransmitted += data.length;
      }
      remaining = bytes - state.bytesTransmitted;
      if (remaining <= 0) return stub.close();
    }
  },
});
