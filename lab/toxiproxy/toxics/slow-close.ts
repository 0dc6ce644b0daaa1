import { INTERRUPTED } from '../chunk-queue.js';
import { defineToxic } from './toxic-definition.js';

/** Passes data through, and holds the end of stream for `delay` ms before closing. */
export const slowCloseToxic = defineToxic<{ delay: number }>({
  type: 'slow_close',
  goType: 'SlowCloseToxic',
  attributes: { delay: 'int64' },
  async pipe(stub, { delay }) {
    for (;;) {
      const chunk = await stub.receive();
      if (chunk === INTERRUPTED) return;
      if (chunk === null) {
        if (await stub.sleep(delay)) stub.close();
        return;
      }
      stub.send(chunk);
    }
  },
});
