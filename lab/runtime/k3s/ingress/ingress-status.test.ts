import type { V1IngressStatus } from '@kubernetes/client-node';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { IngressStatusPublisher, ingressesNeedingStatus } from './ingress-status.js';
import { labIngressClass, labOverlayIngress } from './test/shop-objects.js';

describe('IngressStatusPublisher', () => {
  it('patches each served Ingress whose status is not the node’s IP, once', async () => {
    const patches: [string, string, V1IngressStatus][] = [];
    const patch = vi.fn(async (namespace: string, name: string, status: V1IngressStatus) => {
      patches.push([namespace, name, status]);
    });
    const publisher = new IngressStatusPublisher({
      address: '172.18.0.2',
      patch,
      log: pino({ level: 'silent' }),
    });
    const ours = labOverlayIngress();
    const theirs = {
      ...labOverlayIngress(),
      metadata: { name: 'other', namespace: 'x' },
      spec: { ingressClassName: 'traefik' },
    };
    const snapshot = {
      ingressClasses: [labIngressClass()],
      ingresses: [ours, theirs],
      services: [],
      endpointSlices: [],
    };
    publisher.publish(snapshot);
    publisher.publish(snapshot); // still in flight: not sent twice
    await vi.waitFor(() => expect(patch).toHaveBeenCalledTimes(1));
    expect(patches).toEqual([
      ['dhakacart', 'dhakacart', { loadBalancer: { ingress: [{ ip: '172.18.0.2' }] } }],
    ]);
  });

  it('leaves an Ingress alone when its status already names the address', () => {
    const done = labOverlayIngress();
    done.status = { loadBalancer: { ingress: [{ ip: '172.18.0.2' }] } };
    const stale = labOverlayIngress();
    stale.status = { loadBalancer: { ingress: [{ ip: '10.0.0.9' }] } };
    expect(ingressesNeedingStatus([done, stale, labOverlayIngress()], '172.18.0.2')).toEqual([
      stale,
      labOverlayIngress(),
    ]);
  });
});
