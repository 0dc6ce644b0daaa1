import { setTimeout as sleep } from 'node:timers/promises';
import { faultHandle, type FaultContext, type FaultEntry } from '../faults/fault-types.js';
import { faults } from '../faults/registry.js';
import type { FaultHandle, Lab, LinkName, ToxicSpec } from '../scenario/scenario-types.js';
import { deploymentHandle } from './deployment-handle.js';
import { InterruptedError, throwIfInterrupted, type RunContext } from './run-context.js';
import { waitForRecovery } from './wait-for-recovery.js';

const links: readonly LinkName[] = ['ingress-backend', 'backend-database'];
const defaultRecoveryTimeoutMs = 60_000;

/**
 * The `lab` a scenario's `run(lab)` receives: the scenario's whole vocabulary over the running
 * topology's LabController and the running load. Every call is a journal activity; every fault is
 * recorded (and reverted after the method if still in place); every random choice is seeded.
 */
export function createLab(context: RunContext): Lab {
  const { controller, random, journal, load, signal, scenario } = context;
  const faultContext: FaultContext = {
    controller,
    pick: (items) => random.pick(items),
    record: (entry, handle) => context.faults.record(entry, handle),
  };
  const act = <T>(activity: string, work: () => Promise<T>, output?: (value: T) => string | undefined) => {
    throwIfInterrupted(signal);
    return journal.activity(activity, work, output);
  };
  const checkLink = (link: LinkName) => {
    if (!links.includes(link)) throw new Error(`unknown link "${String(link)}"; links: ${links.join(', ')}`);
  };
  const injected = (handle: FaultHandle) => `${handle.kind} on ${handle.target}`;
  const toxic = (link: LinkName, spec: ToxicSpec, activity: string) => {
    checkLink(link);
    return act(activity, () => faults.inject('network-toxic', faultContext, { link, toxic: spec }), injected);
  };

  return {
    seed: random.seed,
    random: () => random.next(),
    pick: (items) => random.pick(items),
    deployment: (name) => deploymentHandle(name, context, faultContext),
    database: {
      killPrimary: () =>
        act('database.killPrimary()', () => faults.inject('db-failover', faultContext, {}), injected),
      failover: () =>
        act('database.failover()', () => faults.inject('db-failover', faultContext, {}), injected),
    },
    network: {
      latency: (link, { latencyMs, jitterMs = 0 }) => {
        checkLink(link);
        return act(
          `network.latency('${link}', ${latencyMs} ms ± ${jitterMs} ms)`,
          () => faults.inject('network-latency', faultContext, { link, latencyMs, jitterMs }),
          injected,
        );
      },
      resetPeer: (link, { timeoutMs = 0, toxicity } = {}) =>
        toxic(
          link,
          {
            type: 'reset_peer',
            attributes: { timeout: timeoutMs },
            ...(toxicity !== undefined && { toxicity }),
          },
          `network.resetPeer('${link}', after ${timeoutMs} ms${toxicity !== undefined ? `, toxicity ${toxicity}` : ''})`,
        ),
      toxic: (link, spec) => toxic(link, spec, `network.toxic('${link}', ${spec.type})`),
    },
    load: {
      start: (rps) => act(`load.start(${rps ?? ''})`, () => load.start(rps ?? scenario.load.rps)),
      stop: () => act('load.stop()', async () => void (await load.stop())),
      ramp: (rps, overMs) =>
        act(`load.ramp(${rps} rps over ${overMs} ms)`, () => load.active('ramp').ramp(rps, overMs)),
      spike: (factor, forMs) =>
        act(`load.spike(×${factor} for ${forMs} ms)`, async () => {
          const running = load.active('spike');
          const fromRps = running.rate();
          await running.spike(factor, forMs);
          // Recorded like a fault (it is what the shop must absorb), so the report has its window,
          // the requests that failed in it and the time the shop took to settle after it.
          const injectedAt = Date.now();
          const entry: FaultEntry = {
            kind: 'load-spike',
            target: 'ingress',
            injectedAt,
            revertedAt: injectedAt + forMs,
            detail: { factor, forMs, fromRps, toRps: fromRps * factor },
          };
          context.faults.record(entry, faultHandle(entry));
        }),
      rate: () => load.rate(),
    },
    waitForRecovery: ({ timeoutMs = defaultRecoveryTimeoutMs } = {}) =>
      act(
        'waitForRecovery()',
        async () => {
          const latest = context.faults.latest();
          if (!latest) return { recoveredAt: Date.now() };
          const recoveredAt = await waitForRecovery({
            records: () => load.records(),
            t0: context.t0,
            from: latest.injectedAt,
            slo: scenario.slo,
            sustainMs: scenario.slo.sustainMs,
            timeoutMs,
            signal,
          });
          return { recoveredAt };
        },
        ({ recoveredAt }) =>
          `recovered ${((recoveredAt - (context.faults.latest()?.injectedAt ?? recoveredAt)) / 1000).toFixed(1)} s after the fault`,
      ),
    hold: (forMs) =>
      act(`hold(${forMs} ms)`, async () => {
        try {
          await sleep(forMs, undefined, { signal });
        } catch {
          throw new InterruptedError('interrupted while holding steady');
        }
      }),
    mark: (label) => {
      journal.mark(label);
      journal.note(`mark: ${label}`);
    },
    log: (message) => journal.note('log', message),
  };
}
