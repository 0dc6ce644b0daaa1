import type pg from 'pg';
import type { CheckResult } from '../report/report-model.js';
import { label, listSome, orderKeys, storedOrders, type OrderKey } from './order-keys.js';
import type { OrderAttempt } from '../load/request-record.js';

export interface OrderCheckResults {
  checks: CheckResult[];
  /** Acknowledged orders the database does not hold: the run's RPO, in orders. */
  lostOrders: number;
  /** Orders whose requests got no definite answer, and how many of them the shop did make. */
  ambiguous: { total: number; made: number };
}

/**
 * Every order the shop acknowledged must exist exactly once, as the order the shop said it made (user,
 * idempotency key and the returned id all match): one missing is a lost order. Orders whose requests
 * failed ambiguously (timeout, reset, 5xx) may or may not exist, so they are counted apart: how many
 * were made, and that none was made twice.
 */
export async function checkOrders(
  client: pg.Client,
  attempts: readonly OrderAttempt[],
): Promise<OrderCheckResults> {
  const keys = orderKeys(attempts);
  const stored = await storedOrders(client, keys);
  const acknowledged = keys.filter((k) => k.outcome === 'acknowledged');
  const ambiguous = keys.filter((k) => k.outcome === 'ambiguous');
  const ack = acknowledgedCheck(acknowledged, stored);
  const amb = ambiguousCheck(ambiguous, stored);
  return { checks: [ack.check, amb.check], lostOrders: ack.lost, ambiguous: amb.figures };
}

function acknowledgedCheck(
  keys: readonly OrderKey[],
  stored: ReadonlyMap<string, number[]>,
): { check: CheckResult; lost: number } {
  const missing: string[] = [];
  const twice: string[] = [];
  const otherId: string[] = [];
  for (const key of keys) {
    const ids = stored.get(label(key)) ?? [];
    const said = key.orderIds.length > 0 ? ` (order ${key.orderIds.join(' and ')})` : '';
    if (ids.length === 0) missing.push(`${label(key)}${said}`);
    else if (ids.length > 1) twice.push(`${label(key)} (orders ${ids.join(', ')})`);
    else if (key.orderIds.length > 1 || (key.orderIds.length === 1 && key.orderIds[0] !== ids[0]))
      otherId.push(
        `${label(key)}: the shop answered order ${key.orderIds.join(' and ')}, the database holds ${ids[0]}`,
      );
  }
  const problems = [
    missing.length > 0 && `${missing.length} missing (lost): ${listSome(missing)}`,
    twice.length > 0 && `${twice.length} stored more than once: ${listSome(twice)}`,
    otherId.length > 0 && `${otherId.length} stored under another id: ${listSome(otherId)}`,
  ].filter((p): p is string => typeof p === 'string');
  return {
    lost: missing.length,
    check: {
      name: 'acknowledged-orders-exist-once',
      description:
        'Every order the shop acknowledged (201/200) exists exactly once, with the id the shop returned',
      pass: problems.length === 0,
      detail:
        problems.length === 0
          ? `All ${keys.length} acknowledged orders exist exactly once with the id the shop returned.`
          : `Of ${keys.length} acknowledged orders, ${problems.join('; ')}.`,
      figures: {
        acknowledged: keys.length,
        lost: missing.length,
        duplicated: twice.length,
        wrongId: otherId.length,
      },
    },
  };
}

function ambiguousCheck(
  keys: readonly OrderKey[],
  stored: ReadonlyMap<string, number[]>,
): { check: CheckResult; figures: { total: number; made: number } } {
  const made = keys.filter((k) => (stored.get(label(k)) ?? []).length > 0);
  const twice = keys.filter((k) => (stored.get(label(k)) ?? []).length > 1).map(label);
  const figures = { total: keys.length, made: made.length };
  return {
    figures,
    check: {
      name: 'ambiguous-orders-at-most-once',
      description:
        'Orders whose requests got no definite answer (timeout, reset, 5xx) were made at most once; how many were made is reported',
      pass: twice.length === 0,
      detail:
        keys.length === 0
          ? 'No order request ended without a definite answer.'
          : `${keys.length} order requests got no definite answer: ${made.length} made the order, ${keys.length - made.length} did not; ` +
            (twice.length === 0
              ? 'none was made twice.'
              : `${twice.length} made more than once: ${listSome(twice)}.`),
      figures: { ...figures, notMade: keys.length - made.length, duplicated: twice.length },
    },
  };
}
