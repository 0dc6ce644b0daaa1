import { INTERRUPTED } from '../chunk-queue.js';
import { defineToxic } from './toxic-definition.js';

/** Passes everything through; the hidden first toxic of every chain, and what a toxic that lost its toxicity roll runs. */
export const noopToxic = defineToxic<Record<string, never>>({
  type: 'noop',
  goType: 'NoopToxic',
  attributes: {},
  async pipe(stub) {
    for (;;) {
      const chunk = await stub.receive();
      if (chunk === INTERRUPTED) return;
      if (chunk === null) return stub.close();
      stub.send(chunk);
    }
  },
});
