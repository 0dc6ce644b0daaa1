import type { LinkName, ToxicSpec } from '../scenario/scenario-types.js';
import { faultHandle, type FaultFactory } from './fault-types.js';

/**
 * Any Toxiproxy toxic on a named link: reset_peer (connections reset, as a crashed peer or a NAT
 * dropping state does), timeout, bandwidth, slow_close, slicer, limit_data. The fault's kind names the
 * toxic (`network-reset-peer`), so the report says what happened.
 */
export const networkToxic: FaultFactory<'network-toxic', { link: LinkName; toxic: ToxicSpec }> = {
  kind: 'network-toxic',
  description: 'add any Toxiproxy toxic (reset_peer, timeout, bandwidth, ...) on a named link',
  async inject(context, { link, toxic }) {
    const injectedAt = Date.now();
    const { name } = await context.controller.addNetworkFault({
      link,
      type: toxic.type,
      attributes: toxic.attributes,
      ...(toxic.stream && { stream: toxic.stream }),
      ...(toxic.toxicity !== undefined && { toxicity: toxic.toxicity }),
    });
    const entry = {
      kind: `network-${toxic.type.replaceAll('_', '-')}`,
      target: link,
      injectedAt,
      detail: {
        toxic: name,
        ...toxic.attributes,
        ...(toxic.stream && { stream: toxic.stream }),
        ...(toxic.toxicity !== undefined && { toxicity: toxic.toxicity }),
      },
    };
    const handle = faultHandle(entry, () => context.controller.clearFaults(link));
    context.record(entry, handle);
    return handle;
  },
};
